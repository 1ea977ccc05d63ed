package buildkit

import "github.com/ballast-dev/ballast/rules/lint"

// rulesA lists BuildKit's checks BK001–BK011.
func rulesA() []*lint.Rule {
	return []*lint.Rule{BK001, BK002, BK003, BK004, BK005, BK006, BK007, BK008, BK009, BK010, BK011}
}
