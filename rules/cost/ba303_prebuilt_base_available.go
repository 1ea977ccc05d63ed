package cost

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba303_prebuilt_base_available.md
var ba303Doc string

// BA303 points at a pre-built base image that already holds the torch and
// CUDA stack an install step downloads.
var BA303 = &lint.Rule{
	Code:     "BA303",
	Name:     "prebuilt-base-available",
	Category: "cost",
	Severity: lint.Info,
	Doc:      ba303Doc,
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
