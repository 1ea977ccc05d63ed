package cost

import (
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// defaultHeavyLayer is BA301's threshold when the configuration sets none.
const defaultHeavyLayer = 2 << 30

// BA301 flags one install step that writes gigabytes into one layer.
var BA301 = &lint.Rule{
	Code:     "BA301",
	Name:     "heavy-install-layer",
	Category: "cost",
	Severity: lint.Warning,
	Doc: `one install step writes gigabytes into one layer

## Why
A RUN that installs several gigabytes makes one layer of that size: every push and pull moves it
whole, any change to the lock rebuilds it whole, and the build needs the free disk for it (and, on
the containerd image store, for a compressed copy of it) at once. The usual culprits are a CUDA
build of torch with its nvidia-* libraries (about 6–9 GB installed), a CPU-only image that pulls
CUDA wheels anyway (BA302), and dev or optional groups nobody runs in production.

The figure is ballast's estimate of the installed size: the exact download bytes of the wheels uv
picks for the target, times per-family ratios measured on real installs (see ` + "`ballast cost`" + `
for the breakdown and the range).

## Example
` + "```dockerfile" + `
FROM python:3.12-slim
COPY pyproject.toml uv.lock ./
RUN uv sync --locked          # torch + CUDA: ~8 GB in one layer
` + "```" + `

## Use instead
` + "```dockerfile" + `
# a CPU-only index for torch when the image runs without a GPU (BA302),
# a base that already holds the heavy stack (BA303), or the heavy stack in
# its own stage and layer, so that application changes do not rebuild it
FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev
` + "```" + `

## Options
` + "`heavy-layer`" + ` in the configuration (default ` + "`\"2GiB\"`" + `) sets the threshold on the
estimated installed size.

## References
cost-model evidence: installed/download ratios per family (nvidia-* 1.6, CUDA torch 2.0, pure
Python 3.5); Docker docs, "Multi-stage builds".`,
	Requires: needsCost,
	Run:      runBA301,
}

func runBA301(pass *analysis.Pass) (any, error) {
	limit := lint.ConfigOf(pass).HeavyLayer
	if limit <= 0 {
		limit = defaultHeavyLayer
	}
	for _, sc := range build.CostOf(pass).Steps {
		if sc.Err != nil || sc.Installed.Value <= limit {
			continue
		}
		top := ""
		if len(sc.Items) > 0 {
			top = sc.Items[0].Name
		}
		build.ReportStep(pass, sc, top, fmt.Sprintf("%s writes an estimated %s into one layer (threshold %s); heaviest: %s",
			installVerb(sc), lint.FormatRange(sc.Installed), formatLimit(limit), heaviest(sc.Items, 3, nil)))
	}
	return nil, nil
}
