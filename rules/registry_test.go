package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/buildkit"
	"github.com/ballast-dev/ballast/rules/cost"
	"github.com/ballast-dev/ballast/rules/dockerfile"
	"github.com/ballast-dev/ballast/rules/hygiene"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/rules/shellcheck"
	"github.com/ballast-dev/ballast/rules/uv"
)

// TestFamiliesSorted holds what All's merge relies on: each family lists
// its rules sorted by code, so the registry comes out sorted.
func TestFamiliesSorted(t *testing.T) {
	byCode := func(a, b *lint.Rule) int { return strings.Compare(a.Code, b.Code) }
	for _, f := range [][]*lint.Rule{buildkit.Rules(), dockerfile.Rules(), hygiene.Rules(), uv.Rules(), cost.Rules(), shellcheck.Rules()} {
		if !slices.IsSortedFunc(f, byCode) {
			t.Errorf("family of %s: rules not sorted by code", f[0].Code)
		}
	}
	all := All()
	if !slices.IsSortedFunc(all, byCode) {
		t.Error("All: not sorted by code")
	}
	want := slices.Concat(buildkit.Rules(), dockerfile.Rules(), hygiene.Rules(), uv.Rules(), cost.Rules(), shellcheck.Rules())
	slices.SortFunc(want, byCode)
	if !slices.Equal(all, want) {
		t.Error("All: not every family's rules, sorted")
	}
}
