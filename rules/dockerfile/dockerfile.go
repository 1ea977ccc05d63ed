// Package dockerfile implements ballast's Dockerfile rules: hadolint's DL
// rules under hadolint's codes and meanings, with exact positions and fixes
// where an edit is mechanical, and ballast's own BA1nn/BA4nn rules.
package dockerfile

import (
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// Rules lists the package's rules in code order.
func Rules() []*lint.Rule {
	all := slices.Concat(rulesA(), rulesB(), rulesD(), rulesC(), rulesE(), rulesF(), rulesG())
	slices.SortFunc(all, func(a, b *lint.Rule) int { return strings.Compare(a.Code, b.Code) })
	return all
}
