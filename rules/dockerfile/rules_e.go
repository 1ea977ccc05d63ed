package dockerfile

import "github.com/ballast-dev/ballast/rules/lint"

// rulesE lists the rules about inline pragmas.
func rulesE() []*lint.Rule {
	return []*lint.Rule{BA001, DL1001}
}
