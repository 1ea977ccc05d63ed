package cost

import (
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// defaultDiskBudget is BA304's budget when the configuration sets none:
// 20 GB, about what a hosted CI runner or a busy Docker Desktop disk has
// free.
const defaultDiskBudget = 20_000_000_000

// BA304 flags an install step whose estimated peak disk exceeds the budget.
var BA304 = &lint.Rule{
	Code:     "BA304",
	Name:     "build-disk-over-budget",
	Category: "cost",
	Severity: lint.Warning,
	Doc: `estimated peak disk of an install exceeds the budget

## Why
An install needs free disk for much more than what it installs: the new layer, the installer's
temporary files, the package cache (inside the layer, or in a cache mount on the same disk), and,
on the containerd image store (the default of Docker Desktop and of fresh Docker Engine 29
installs), a compressed copy of the layer when the image is exported. A torch CUDA stack needs
15–30 GB free at its peak. When the disk fills mid-step the build dies with "no space left on
device", an I/O error, or — on Docker Desktop, whose disk is a file that grows on the host — a
SIGBUS ("Bus error") in the installer, which says nothing about disk.

The estimate follows ballast's cost model (` + "`ballast cost`" + ` shows it with its range and
assumptions); the rule compares its central value with the budget.

## Example
` + "```dockerfile" + `
FROM python:3.12-slim
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    UV_LINK_MODE=copy uv sync --locked   # torch CUDA: ~25 GB free needed
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM python:3.12-slim
COPY pyproject.toml uv.lock ./
# a CPU-only torch when no GPU is used (BA302), no cache kept on the build disk
RUN uv sync --locked --no-cache
` + "```" + `
Or raise the budget to what the builder really has free.

## Options
` + "`disk-budget`" + ` in the configuration (default ` + "`\"20GB\"`" + `).

## References
cost-model evidence §3 (what a RUN costs, export on the containerd store, caches, SIGBUS on a full
Docker Desktop disk) and §5 (4).`,
	Requires: needsCost,
	Run:      runBA304,
}

func runBA304(pass *analysis.Pass) (any, error) {
	budget := lint.ConfigOf(pass).DiskBudget
	if budget <= 0 {
		budget = defaultDiskBudget
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
