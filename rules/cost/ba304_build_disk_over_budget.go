package cost

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba304_build_disk_over_budget.md
var ba304Doc string

// BA304 flags an install step whose estimated peak disk exceeds the budget
// the user set for the building machine.
var BA304 = &lint.Rule{
	Code:     "BA304",
	Name:     "build-disk-over-budget",
	Category: "cost",
	Severity: lint.Warning,
	Doc:      ba304Doc,
	Requires: needsCost,
	Run:      runBA304,
}

func runBA304(pass *analysis.Pass) (any, error) {
	// The free disk is a fact about the builder, not the Dockerfile: with
	// no budget set there is nothing to compare with (ballast cost shows
	// the figure).
	budget := lint.ConfigOf(pass).DiskBudget
	if budget <= 0 {
		return nil, nil
	}
	for _, sc := range build.CostOf(pass).Steps {
		if sc.Err != nil || sc.PeakDisk.Value <= budget {
			continue
		}
		top := ""
		if len(sc.Items) > 0 {
			top = sc.Items[0].Name
		}
		build.ReportStep(pass, sc, top, fmt.Sprintf("%s needs an estimated %s of free disk at its peak, over the %s budget; a full disk fails the build with \"no space left on device\" or SIGBUS",
			installVerb(sc), lint.FormatRange(sc.PeakDisk), formatLimit(budget)))
	}
	return nil, nil
}
