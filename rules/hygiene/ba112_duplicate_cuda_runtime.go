package hygiene

import (
	_ "embed"
	"fmt"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba112_duplicate_cuda_runtime.md
var ba112Doc string

// BA112 flags torch's CUDA wheels installed into an image whose base
// already ships a CUDA runtime.
var BA112 = &lint.Rule{
	Code:     "BA112",
	Name:     "duplicate-cuda-runtime",
	Category: "hygiene",
	Severity: lint.Warning,
	Doc:      ba112Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.CostAnalyzer},
	Run:      runBA112,
}

func runBA112(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	cost := build.CostOf(pass)
	if f == nil || cost == nil {
		return nil, nil
	}
	ships := build.ShippedStages(f)
	seen := map[*df.Instruction]bool{} // one finding per RUN: its branches install alike
	for _, sc := range cost.Steps {
		twice, ok := build.InstallsCUDATwice(f, ships, sc)
		if !ok || !inStage(f, sc.In) || seen[sc.In] {
			continue
		}
		seen[sc.In] = true
		what := fmt.Sprintf("%d CUDA %s", len(twice.Items), lint.Plural(len(twice.Items), "wheel", "wheels"))
		for _, it := range twice.Items {
			if it.Name == "torch" {
				what = fmt.Sprintf("torch %s and %d CUDA %s", it.Version, len(twice.Items)-1, lint.Plural(len(twice.Items)-1, "wheel", "wheels"))
			}
		}
		wheels := ""
		if twice.Wheels != "" {
			wheels = " " + twice.Wheels
		}
		base := "CUDA " + twice.Base
		if twice.Flavor != "" {
			base += " " + twice.Flavor
		}
		msg := fmt.Sprintf("%s installs %s (%s download) with their own CUDA%s runtime on a base image that ships %s: the image holds two CUDA runtimes",
			verb(sc.Cmd), what, lint.FormatBytes(twice.Download), wheels, base)
		lint.Report(pass, f, commandHead(sc.Cmd), msg, nil)
	}
	return nil, nil
}
