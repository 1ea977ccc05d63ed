package buildkit

import "github.com/ballast-dev/ballast/rules/lint"

// rulesB lists BK012–BK022.
func rulesB() []*lint.Rule {
	return []*lint.Rule{BK012, BK013, BK014, BK015, BK016, BK017, BK018, BK019, BK020, BK021, BK022}
}
