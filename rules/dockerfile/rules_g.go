package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesG lists the DL rules driven by configuration: trusted registries
// and the label schema.
func rulesG() []*lint.Rule {
	return []*lint.Rule{
		DL3026, DL3049, DL3050, DL3051, DL3052, DL3053, DL3054, DL3055, DL3056, DL3058,
	}
}
