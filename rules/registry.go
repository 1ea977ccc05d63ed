// Package rules holds the registry: every rule ballast knows, in one
// explicit list.
//
// Imports point one way: cmd → rules → the families (buildkit, dockerfile,
// hygiene, uv, cost, shellcheck) → rules/build, the analyses several families share
// (target, install steps, cost) → rules/lint and the parsers. Families
// never import each other (families_test.go keeps it so).
package rules

import (
	"github.com/ballast-dev/ballast/rules/buildkit"
	"github.com/ballast-dev/ballast/rules/cost"
	"github.com/ballast-dev/ballast/rules/dockerfile"
	"github.com/ballast-dev/ballast/rules/hygiene"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/rules/shellcheck"
	"github.com/ballast-dev/ballast/rules/uv"
)

// All returns every rule, sorted by code.
func All() []*lint.Rule {
	families := [][]*lint.Rule{
		buildkit.Rules(),
		dockerfile.Rules(),
		hygiene.Rules(),
		uv.Rules(),
		cost.Rules(),
		shellcheck.Rules(),
	}
	n := 0
	for _, f := range families {
		n += len(f)
	}
	// Each family lists its rules sorted by code (TestFamiliesSorted):
	// every run asks for the registry, and merging the lists costs a
	// fraction of sorting them together.
	all := make([]*lint.Rule, 0, n)
	for len(all) < n {
		first := -1
		for i, f := range families {
			if len(f) > 0 && (first < 0 || f[0].Code < families[first][0].Code) {
				first = i
			}
		}
		all = append(all, families[first][0])
		families[first] = families[first][1:]
	}
	return all
}
