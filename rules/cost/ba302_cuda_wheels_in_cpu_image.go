package cost

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

// BA302 flags CUDA wheels installed into an image that shows no sign of
// running on a GPU.
var BA302 = &lint.Rule{
	Code:     "BA302",
	Name:     "cuda-wheels-in-cpu-image",
	Category: "cost",
	Severity: lint.Warning,
	Doc: `cuda wheels go into an image with no cuda base or gpu intent

## Why
On Linux x86_64, PyPI's torch is a CUDA build: it pulls torch itself (about 0.9 GB) and some 15
` + "`nvidia-*`" + ` wheels (2–3 GB more), about 4 GB to download and 7–9 GB installed. An image that
never sees a GPU carries all of it for nothing. The same goes for ` + "`+cuNNN`" + ` torch builds from
the PyTorch CUDA indexes. PyTorch's CPU-only index serves a torch of about 0.2 GB with no CUDA
dependencies.

A lock can pull CUDA even when the project means CPU: with cpu/gpu extras declared as conflicts,
a plain ` + "`uv sync`" + ` (neither extra) often resolves to PyPI's CUDA torch.

The rule fires when the step installs CUDA wheels and the image shows no GPU intent: the base is
not a CUDA image (` + "`nvidia/cuda`" + `, ` + "`pytorch/pytorch:*-cuda*`" + `, …), no ENV sets
` + "`NVIDIA_VISIBLE_DEVICES`" + `, ` + "`NVIDIA_DRIVER_CAPABILITIES`" + ` or
` + "`CUDA_VISIBLE_DEVICES`" + `, and the sync does not ask for an extra or group whose name says
GPU (` + "`gpu`" + `, ` + "`cuda`" + `, ` + "`cu124`" + `, …).

## Example
` + "```dockerfile" + `
FROM python:3.12-slim
COPY pyproject.toml uv.lock ./
RUN uv sync --locked            # the lock has torch from PyPI
` + "```" + `

## Use instead
` + "```toml" + `
# pyproject.toml: take torch from the CPU-only index
[tool.uv.sources]
torch = [{ index = "pytorch-cpu" }]

[[tool.uv.index]]
name = "pytorch-cpu"
url = "https://download.pytorch.org/whl/cpu"
explicit = true
` + "```" + `
or, for a project with cpu/gpu extras, ` + "`uv sync --locked --extra cpu`" + `.

## References
uv docs, "Using uv with PyTorch" (CPU-only index, extras with conflicts); cost-model evidence §1
(torch and nvidia-* wheel sizes, +cpu torch ≈ 190 MB).`,
	Requires: needsCost,
	Run:      runBA302,
}

func runBA302(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	for _, sc := range build.CostOf(pass).Steps {
		// A lock given alone has no image to judge.
		if sc.Err != nil || sc.In == nil || !slices.ContainsFunc(sc.Items, isCUDAItem) || sc.Env().CUDA.V != "" || gpuIntent(f, sc) {
			continue
		}
		var cuda []build.Item
		var cudaBytes int64
		torchVersion := ""
		for _, it := range sc.Items {
			if isCUDAItem(it) {
				cuda = append(cuda, it)
				cudaBytes += it.Download.Value
				if it.Name == "torch" {
					torchVersion = it.Version
				}
			}
		}
		if len(cuda) == 0 {
			continue
		}
		saved := cudaBytes
		if torchVersion != "" {
			cpu, _, _ := build.FallbackDownload("torch", build.BaseVersion(torchVersion)+"+cpu", "")
			saved -= cpu.Value
		}
		what := fmt.Sprintf("%d CUDA %s", len(cuda), lint.Plural(len(cuda), "wheel", "wheels"))
		if torchVersion != "" {
			what = fmt.Sprintf("torch %s and %d CUDA %s", torchVersion, len(cuda)-1, lint.Plural(len(cuda)-1, "wheel", "wheels"))
		}
		build.ReportStep(pass, sc, cuda[0].Name, fmt.Sprintf("%s installs %s (%s download) into an image with no CUDA base and no GPU intent; a CPU-only torch would save about %s",
			installVerb(sc), what, lint.FormatBytes(cudaBytes), lint.FormatBytes(max(saved, 0))))
	}
	return nil, nil
}

// isCUDAItem reports whether an item is a CUDA library or a CUDA build of
// torch.
func isCUDAItem(it build.Item) bool {
	if it.Family == build.FamilyCUDA {
		return true
	}
	if it.Name != "torch" || it.Family != build.FamilyTorch {
		return false
	}
	// PyPI's Linux x86_64 torch and the +cuNNN builds are CUDA builds.
	local := build.LocalLabel(it.Version)
	return local == "" || strings.HasPrefix(local, "cu")
}

// gpuEnv are the variables that say a container is meant to see a GPU.
var gpuEnv = []string{"NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES", "CUDA_VISIBLE_DEVICES"}

// gpuIntent reports whether the image shows it is meant for a GPU: an ENV
// of the NVIDIA container runtime, or a selected extra or group named for
// a GPU.
func gpuIntent(f *dockerfile.File, sc *build.StepCost) bool {
	if sc.Sync != nil {
		for _, name := range append(append([]string{}, sc.Sync.Extras...), sc.Sync.Groups...) {
			if gpuName(name) {
				return true
			}
		}
	}
	if f == nil || sc.In == nil {
		return false
	}
	if env, ok := sc.In.Command.(*instructions.EnvCommand); ok {
		for _, kv := range env.Env {
			if slices.Contains(gpuEnv, kv.Key) {
				return true
			}
		}
	}
	for _, name := range gpuEnv {
		if _, ok := f.EnvBefore(sc.In, name); ok {
			return true
		}
	}
	return false
}

// gpuName reports whether an extra or group name asks for a GPU build:
// gpu, cuda, cu124, cuda12, torch-gpu.
func gpuName(name string) bool {
	for _, part := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if part == "gpu" || strings.HasPrefix(part, "cuda") || len(part) > 2 && strings.HasPrefix(part, "cu") && strings.Trim(part[2:], "0123456789") == "" {
			return true
		}
	}
	return false
}
