package cost

import (
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// defaultMemoryBudget is BA305's budget when the configuration sets none:
// 8 GiB, what Docker Desktop on WSL2 gives a 16 GB machine (half the RAM).
const defaultMemoryBudget = 8 << 30

// BA305 flags an install step whose estimated peak memory exceeds the
// budget: source builds of CUDA extensions, or old pip on huge wheels.
var BA305 = &lint.Rule{
	Code:     "BA305",
	Name:     "memory-heavy-install",
	Category: "cost",
	Severity: lint.Warning,
	Doc: `an install likely needs more memory than the budget

## Why
Installing wheels takes little memory with uv or a recent pip, but two cases do not:
- building a package from source — above all CUDA extensions such as flash-attn, xformers,
  deepspeed ops or apex, where each parallel compiler job (` + "`MAX_JOBS`" + `, several nvcc
  threads each) can take about 5 GB;
- pip older than 23.3 with its HTTP cache, which holds a large wheel in memory several times
  (about 3–5 × the largest wheel: 2.8–4.5 GB for torch).
When the builder runs out of memory the kernel kills the compiler or the installer, and the build
fails with exit code 137 or a bare "Killed", often after an hour.

## Example
` + "```dockerfile" + `
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
RUN pip install flash-attn --no-build-isolation
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
# a pre-built wheel, or a bounded build
RUN MAX_JOBS=2 pip install flash-attn --no-build-isolation
` + "```" + `

## Options
` + "`memory-budget`" + ` in the configuration (default ` + "`\"8GiB\"`" + `).

## References
cost-model evidence §2 (pip's spike before 23.3, uv, source builds of CUDA extensions, the
Docker Desktop memory envelope) and §5 (6).`,
	Requires: needsCost,
	Run:      runBA305,
}

func runBA305(pass *analysis.Pass) (any, error) {
	budget := lint.ConfigOf(pass).MemoryBudget
	if budget <= 0 {
		budget = defaultMemoryBudget
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
