package cost

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba305_memory_heavy_install.md
var ba305Doc string

// BA305 flags an install step whose estimated peak memory exceeds the
// budget: source builds of CUDA extensions, or old pip on huge wheels.
var BA305 = &lint.Rule{
	Code:     "BA305",
	Name:     "memory-heavy-install",
	Category: "cost",
	Severity: lint.Warning,
	Doc:      ba305Doc,
	Requires: needsCost,
	Run:      runBA305,
}

func runBA305(pass *analysis.Pass) (any, error) {
	// The builder's memory is a fact about the machine, not the
	// Dockerfile: with no budget set there is nothing to compare with.
	budget := lint.ConfigOf(pass).MemoryBudget
	if budget <= 0 {
		return nil, nil
	}
	for _, sc := range build.CostOf(pass).Steps {
		if sc.Err != nil || sc.PeakMemory.Value <= budget {
			continue
		}
		var builds []string
		for _, it := range sc.Items {
			if it.Kind == build.KindSdist {
				builds = append(builds, it.Name)
			}
		}
		why := "its largest wheels"
		if len(builds) > 0 {
			why = fmt.Sprintf("building %s from source", lint.JoinShort(builds, 3))
		}
		pkg := ""
		if len(builds) > 0 {
			pkg = builds[0]
		}
		build.ReportStep(pass, sc, pkg, fmt.Sprintf("%s needs an estimated %s of memory for %s, over the %s budget; out of memory, the build is killed (exit 137)",
			installVerb(sc), lint.FormatRange(sc.PeakMemory), why, formatLimit(budget)))
	}
	return nil, nil
}
