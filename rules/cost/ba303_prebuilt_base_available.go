package cost

import (
	"fmt"
	"slices"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// BA303 points at a pre-built base image that already holds the torch and
// CUDA stack an install step downloads.
var BA303 = &lint.Rule{
	Code:     "BA303",
	Name:     "prebuilt-base-available",
	Category: "cost",
	Severity: lint.Info,
	Doc: `a pre-built base image holds the stack the lock installs

## Why
A step that installs a CUDA build of torch downloads about 4 GB and writes 7–9 GB on every build
that misses the cache, on every builder. The ` + "`pytorch/pytorch`" + ` images hold the same
torch with its CUDA and cuDNN libraries in base layers that are pulled once and shared by every
image built on them. Building on such a base, and keeping torch out of the project's own install
(` + "`--no-install-package torch`" + ` with the environment created with
` + "`--system-site-packages`" + `, or the base's Python as the project environment), moves the
heaviest layer out of the build.

The rule fires when the step installs a CUDA torch whose version has a ` + "`pytorch/pytorch`" + `
runtime tag in ballast's table, and the stage's base holds no torch. The tag named is the one
published for that torch release with its default CUDA; check the tag list for other CUDA versions.

## Example
` + "```dockerfile" + `
FROM python:3.11-slim
COPY pyproject.toml uv.lock ./
RUN uv sync --locked                 # torch 2.5.1 + nvidia-* from PyPI
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime
COPY pyproject.toml uv.lock ./
RUN uv venv --system-site-packages && uv sync --locked --no-install-package torch
` + "```" + `

## References
Docker Hub, pytorch/pytorch tags (runtime flavours, as listed in 2026); cost-model evidence §1e
(the whole torch CUDA stack per version).`,
	Requires: needsCost,
	Run:      runBA303,
}

// pytorchImages maps a torch release to the runtime tag of pytorch/pytorch
// published with it, with the CUDA and cuDNN it was built against (Docker
// Hub tag list of pytorch/pytorch; cuDNN 8 up to 2.3, 9 from 2.4).
var pytorchImages = map[string]string{
	"2.0.1": "2.0.1-cuda11.7-cudnn8-runtime",
	"2.1.2": "2.1.2-cuda12.1-cudnn8-runtime",
	"2.2.2": "2.2.2-cuda12.1-cudnn8-runtime",
	"2.3.1": "2.3.1-cuda12.1-cudnn8-runtime",
	"2.4.1": "2.4.1-cuda12.4-cudnn9-runtime",
	"2.5.1": "2.5.1-cuda12.4-cudnn9-runtime",
	"2.6.0": "2.6.0-cuda12.4-cudnn9-runtime",
	"2.7.1": "2.7.1-cuda12.8-cudnn9-runtime",
	"2.8.0": "2.8.0-cuda12.8-cudnn9-runtime",
	"2.9.1": "2.9.1-cuda12.8-cudnn9-runtime",
}

func runBA303(pass *analysis.Pass) (any, error) {
	for _, sc := range build.CostOf(pass).Steps {
		// A lock given alone has no base image to replace.
		if sc.Err != nil || sc.In == nil || !slices.ContainsFunc(sc.Items, isCUDAItem) || sc.Env().Torch.V != "" {
			continue
		}
		var torch *build.Item
		var stack int64
		for i, it := range sc.Items {
			if isCUDAItem(it) || it.Family == build.FamilyTriton {
				stack += it.Download.Value
			}
			if it.Name == "torch" && isCUDAItem(it) {
				torch = &sc.Items[i]
			}
		}
		if torch == nil {
			continue
		}
		tag, ok := pytorchImages[build.BaseVersion(torch.Version)]
		if !ok {
			continue
		}
		build.ReportStep(pass, sc, "torch", fmt.Sprintf("%s downloads torch %s with its CUDA libraries (%s); pytorch/pytorch:%s already holds them in shared base layers",
			installVerb(sc), torch.Version, lint.FormatBytes(stack), tag))
	}
	return nil, nil
}
