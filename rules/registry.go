// Package rules holds the registry: every rule ballast knows, in one
// explicit list.
//
// Imports point one way: cmd → rules → the families (buildkit, dockerfile,
// hygiene, uv, cost, shellcheck) → rules/build, the analyses several families share
// (target, install steps, cost) → rules/lint and the parsers. Families
// never import each other (families_test.go keeps it so).
package rules

import (
	"slices"
	"strings"

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
	all := slices.Concat(
		buildkit.Rules(),
		dockerfile.Rules(),
		hygiene.Rules(),
		uv.Rules(),
		cost.Rules(),
		shellcheck.Rules(),
	)
	slices.SortFunc(all, func(a, b *lint.Rule) int { return strings.Compare(a.Code, b.Code) })
	return all
}
