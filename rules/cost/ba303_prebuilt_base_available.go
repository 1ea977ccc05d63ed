package cost

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
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
	Fix:      lint.UnsafeFix,
	Doc:      ba303Doc,
	Requires: needsCost,
	Run:      runBA303,
}

// pytorchImages gives a torch release the runtime tags of pytorch/pytorch
// published with it, one per CUDA version (Docker Hub tag list of
// pytorch/pytorch; cuDNN 8 up to 2.3, 9 from 2.4). A tag is suggested only
// for the CUDA the lock's torch is built for. A slice, laid out by the
// compiler, where a map would be built at every start-up.
var pytorchImages = []struct {
	torch string
	tags  []string
}{
	{"2.0.1", []string{"2.0.1-cuda11.7-cudnn8-runtime"}},
	{"2.1.2", []string{"2.1.2-cuda11.8-cudnn8-runtime", "2.1.2-cuda12.1-cudnn8-runtime"}},
	{"2.2.2", []string{"2.2.2-cuda12.1-cudnn8-runtime"}},
	{"2.3.1", []string{"2.3.1-cuda12.1-cudnn8-runtime"}},
	{"2.4.1", []string{"2.4.1-cuda12.1-cudnn9-runtime", "2.4.1-cuda12.4-cudnn9-runtime"}},
	{"2.5.1", []string{"2.5.1-cuda12.1-cudnn9-runtime", "2.5.1-cuda12.4-cudnn9-runtime"}},
	{"2.6.0", []string{"2.6.0-cuda12.4-cudnn9-runtime", "2.6.0-cuda12.6-cudnn9-runtime"}},
	{"2.7.1", []string{"2.7.1-cuda12.6-cudnn9-runtime", "2.7.1-cuda12.8-cudnn9-runtime"}},
	{"2.8.0", []string{"2.8.0-cuda12.6-cudnn9-runtime", "2.8.0-cuda12.8-cudnn9-runtime", "2.8.0-cuda12.9-cudnn9-runtime"}},
	{"2.9.1", []string{"2.9.1-cuda12.6-cudnn9-runtime", "2.9.1-cuda12.8-cudnn9-runtime", "2.9.1-cuda13.0-cudnn9-runtime"}},
}

// pytorchTags are the runtime tags published with a torch release.
func pytorchTags(torch string) []string {
	for _, r := range pytorchImages {
		if r.torch == torch {
			return r.tags
		}
	}
	return nil
}

func runBA303(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	swapped := map[*dockerfile.Stage]bool{} // one FROM edit per stage
	var ships []bool
	if f != nil {
		ships = build.ShippedStages(f)
	}
	for _, sc := range build.CostOf(pass).Steps {
		if _, twice := build.InstallsCUDATwice(f, ships, sc); twice {
			// A CUDA base plus torch's CUDA wheels is BA112's: the
			// advice is to drop one of the two, not to swap bases.
			continue
		}
		// A lock given alone has no base image to replace.
		if sc.Err != nil || sc.In == nil || sc.Cmd == nil || !slices.ContainsFunc(sc.Items, build.Item.CUDA) || sc.Env().Torch.V != "" {
			continue
		}
		if !sc.Env().Distro.Known() {
			// A base ballast does not know (a distribution of the
			// project's choosing, a curated stack such as jupyter's) may
			// be the point of the image: pytorch/pytorch is no drop-in.
			continue
		}
		var torch *build.Item
		var stack int64
		for i, it := range sc.Items {
			if it.CUDA() || it.Family == build.FamilyTriton {
				stack += it.Download.Value
			}
			if it.Name == "torch" && it.CUDA() {
				torch = &sc.Items[i]
			}
		}
		if torch == nil || sc.Sync == nil && !slices.Contains(sc.Named, "torch") && len(sc.Reqs) == 0 {
			// A named install that does not name torch (accelerate,
			// bitsandbytes) finds the torch the image already has, if
			// any: the catalog's torch is a guess, not a download.
			continue
		}
		tag, ok := pytorchImage(build.BaseVersion(torch.Version), build.TorchCUDA(torch, sc.Items))
		if !ok {
			continue
		}
		installer := "pip"
		if sc.Installer.Tool == "uv" {
			installer = "uv pip install --system"
		}
		what := fmt.Sprintf("%s downloads torch %s with its CUDA libraries (%s)", installVerb(sc), torch.Version, lint.FormatBytes(stack))
		switch kind, dir := installEnv(f, sc); kind {
		case envIsolated:
			// uv's environments download the base's torch again: the
			// advice would save nothing.
			continue
		case envVenv:
			build.ReportStep(pass, sc, "torch", fmt.Sprintf("%s; pytorch/pytorch:%s holds the same stack in shared base layers: build on it and create %s with --system-site-packages, so that pip finds it installed",
				what, tag, dir))
		default:
			var fix *analysis.SuggestedFix
			if !swapped[sc.In.Stage] {
				fix = baseSwapFix(f, sc, tag, stack)
				swapped[sc.In.Stage] = fix != nil
			}
			build.ReportStepFix(pass, sc, "torch", fmt.Sprintf("%s; built on pytorch/pytorch:%s, which holds the same stack in shared base layers, %s would find it installed",
				what, tag, installer), fix)
		}
	}
	return nil, nil
}

// pytorchImage returns the pytorch/pytorch runtime tag for a torch release
// built for CUDA cuda ("12.8").
func pytorchImage(version, cuda string) (string, bool) {
	if cuda == "" {
		return "", false
	}
	for _, tag := range pytorchTags(version) {
		if strings.Contains(tag, "-cuda"+cuda+"-") {
			return tag, true
		}
	}
	return "", false
}

// baseSwapFix replaces the FROM image of the step's stage with
// pytorch/pytorch:tag, where that is sure to build the same way: the stage
// is built on python:3.11 of Debian (pytorch/pytorch's runtime images from
// 2.4 run Python 3.11 on Ubuntu, with its pip first on PATH), the install
// names its program without a path, and the FROM names the image plainly.
func baseSwapFix(f *dockerfile.File, sc *build.StepCost, tag string, stack int64) *analysis.SuggestedFix {
	st := sc.In.Stage
	if st == nil || st.From == nil || len(st.From.Args) == 0 || len(st.From.Flags) > 0 || sc.Cmd == nil || strings.Contains(sc.Cmd.Name, "/") {
		return nil
	}
	if v, _, _ := strings.Cut(tag, "-"); v < "2.4" || len(v) < 3 {
		return nil
	}
	img := st.From.Args[0]
	name, rest, ok := strings.Cut(img.Value, ":")
	if !ok || name != "python" && name != "docker.io/library/python" || strings.ContainsAny(rest, "$@") {
		return nil
	}
	if rest != "3.11" && !strings.HasPrefix(rest, "3.11-") && !strings.HasPrefix(rest, "3.11.") || strings.Contains(rest, "alpine") || strings.Contains(rest, "windows") {
		return nil
	}
	return lint.Replace(f, fmt.Sprintf("Build on pytorch/pytorch:%s (the install no longer downloads about %s: the base's layers hold it, pulled once and cached)", tag, lint.FormatBytes(stack)), img.Span, "pytorch/pytorch:"+tag)
}
