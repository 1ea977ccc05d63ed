package cost

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba302_cuda_wheels_in_cpu_image.md
var ba302Doc string

// BA302 flags CUDA wheels installed into an image that shows no sign of
// running on a GPU.
var BA302 = &lint.Rule{
	Code:     "BA302",
	Name:     "cuda-wheels-in-cpu-image",
	Category: "cost",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba302Doc,
	Requires: needsCost,
	Run:      runBA302,
}

func runBA302(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	for _, sc := range build.CostOf(pass).Steps {
		cpu, ok := cpuTorchSaving(f, sc)
		if !ok {
			continue
		}
		msg := fmt.Sprintf("%s installs %s (%s download) into an image with no CUDA base and no GPU intent",
			installVerb(sc), cpu.what, lint.FormatBytes(cpu.cudaBytes))
		more, fix := cpuTorchFix(pass, f, sc)
		if !strings.HasPrefix(more, "; the lock has") {
			// Without the lock's own CPU variant the saving is the
			// catalog's estimate; with it, the lock's figures say it.
			msg += fmt.Sprintf("; a CPU-only torch would save about %s", lint.FormatBytes(cpu.saved))
		}
		build.ReportStepFix(pass, sc, cpu.cuda[0].Name, msg+more, fix)
	}
	return nil, nil
}

// cpuSaving is what a CPU-only torch would save a step: the CUDA items it
// installs, their download, and the download saved net of the CPU torch.
type cpuSaving struct {
	cuda             []build.Item
	what             string
	cudaBytes, saved int64
}

// cpuTorchSaving reports what a CPU-only torch would save step sc, when
// the step installs CUDA wheels into an image that shows no sign of
// running on a GPU: a base image ballast knows to have no CUDA, no GPU
// ENV, no GPU-named extra or group.
func cpuTorchSaving(f *dockerfile.File, sc *build.StepCost) (cpuSaving, bool) {
	// A lock given alone has no image to judge.
	if sc.Err != nil || sc.In == nil || !slices.ContainsFunc(sc.Items, build.Item.CUDA) || sc.Env().CUDA.V != "" || gpuIntent(f, sc) {
		return cpuSaving{}, false
	}
	// "No CUDA base" is only known of a base image ballast knows
	// (nvcr.io/nvidia/pytorch, say, is not in its table, and has CUDA).
	if !sc.Env().Distro.Known() {
		return cpuSaving{}, false
	}
	var r cpuSaving
	torchVersion := ""
	for _, it := range sc.Items {
		if it.CUDA() {
			r.cuda = append(r.cuda, it)
			r.cudaBytes += it.Download.Value
			if it.Name == "torch" {
				torchVersion = it.Version
			}
		}
	}
	if len(r.cuda) == 0 {
		return cpuSaving{}, false
	}
	r.saved = r.cudaBytes
	if torchVersion != "" {
		cpu, _, _ := build.FallbackDownload("torch", build.BaseVersion(torchVersion)+"+cpu", "")
		r.saved -= cpu.Value
	}
	r.saved = max(r.saved, 0)
	r.what = fmt.Sprintf("%d CUDA %s", len(r.cuda), lint.Plural(len(r.cuda), "wheel", "wheels"))
	if torchVersion != "" {
		r.what = fmt.Sprintf("torch %s and %d CUDA %s", torchVersion, len(r.cuda)-1, lint.Plural(len(r.cuda)-1, "wheel", "wheels"))
	}
	return r, true
}

// gpuEnv are the variables that say a container is meant to see a GPU.
var gpuEnv = []string{"NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES", "CUDA_VISIBLE_DEVICES"}

// gpuIntent reports whether the image shows it is meant for a GPU: an ENV
// of the NVIDIA container runtime, or a selected extra or group named for
// a GPU.
func gpuIntent(f *dockerfile.File, sc *build.StepCost) bool {
	if sc.Sync != nil {
		if slices.ContainsFunc(append(append([]string{}, sc.Sync.Extras...), sc.Sync.Groups...), gpuName) {
			return true
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

// pytorchCPUIndex is the index of PyTorch's CPU-only wheels.
const pytorchCPUIndex = "https://download.pytorch.org/whl/cpu"

// torchPackages are the packages PyTorch's CPU index serves in the
// builds that go together; a pip install that names only these can take
// them all from it.
var torchPackages = []string{"torch", "torchvision", "torchaudio"}

// cpuTorchFix is what a step can change to install the CPU-only torch,
// for the message (starting "; ") and as an unsafe fix where the edit is
// sure to build: the lock's own CPU variant selected (`--extra cpu`) with
// the cost model's before and after, PyTorch's CPU index for a pip
// install of torch alone, else the pyproject.toml edit of uv's PyTorch
// guide in the message.
func cpuTorchFix(pass *analysis.Pass, f *dockerfile.File, sc *build.StepCost) (string, *analysis.SuggestedFix) {
	c := sc.Cmd
	if c == nil {
		return "", nil
	}
	if sc.Sync == nil {
		if len(sc.Reqs) > 0 || len(sc.Named) == 0 || slices.ContainsFunc(sc.Named, func(n string) bool { return !slices.Contains(torchPackages, n) }) {
			return "", nil
		}
		if c.HasExpansion() || c.Has("--index-url", "-i", "--extra-index-url", "--index", "--default-index", "--find-links", "-f") {
			return "", nil
		}
		return fmt.Sprintf("; install it from %s", pytorchCPUIndex),
			lint.Insert(f, fmt.Sprintf("Install torch from PyTorch's CPU index (about %s less download)", lint.FormatBytes(cpuSaved(f, sc))), c.Span.End, " --index-url "+pytorchCPUIndex)
	}
	kind, name, ok := cpuVariant(lint.PyprojectOf(pass))
	if !ok {
		return fmt.Sprintf(`; pyproject.toml can take torch from PyTorch's CPU index, as uv's PyTorch guide shows: [[tool.uv.index]] name = "pytorch-cpu", url = "%s", explicit = true, and [tool.uv.sources] torch = [{ index = "pytorch-cpu" }]; then run uv lock`, pytorchCPUIndex), nil
	}
	var extras, groups []string
	flag := "--extra"
	if kind == "group" {
		groups, flag = []string{name}, "--group"
	} else {
		extras = []string{name}
	}
	after, items, ok := sc.WithSelection(lint.LockOf(pass), extras, groups)
	if !ok || slices.ContainsFunc(items, build.Item.CUDA) || after.Download.Value >= sc.Download.Value {
		return "", nil
	}
	option := flag + " " + name
	cmd := strings.Join(strings.Fields(strings.NewReplacer("\\\r\n", " ", "\\\n", " ").Replace(string(f.Src[c.Span.Start:c.Span.End]))), " ")
	more := fmt.Sprintf("; the lock has a CPU-only torch behind %s: %s %s downloads %s instead of %s and needs %s of free disk instead of %s",
		option, cmd, option, lint.FormatBytes(after.Download.Value), lint.FormatBytes(sc.Download.Value),
		lint.FormatBytes(after.PeakDisk.Value), lint.FormatBytes(sc.PeakDisk.Value))
	if c.HasExpansion() || sc.Sync.AllExtras || sc.Sync.AllGroups || c.Has("--no-extra", "--no-group", "--only-group", "--only-dev") {
		return more, nil
	}
	return more, lint.Insert(f, fmt.Sprintf("Select the lock's CPU-only torch with %s (%s less download)", option,
		lint.FormatBytes(sc.Download.Value-after.Download.Value)), c.Span.End, " "+option)
}

// cpuSaved is what a CPU-only torch saves step sc, 0 when nothing.
func cpuSaved(f *dockerfile.File, sc *build.StepCost) int64 {
	cpu, _ := cpuTorchSaving(f, sc)
	return cpu.saved
}

// cpuVariant finds the extra or group of the project that takes torch
// from PyTorch's CPU index through [tool.uv.sources]: ("extra", "cpu").
func cpuVariant(proj *pyproject.Project) (kind, name string, ok bool) {
	if proj == nil || proj.UV == nil {
		return "", "", false
	}
	cpuIndex := map[string]bool{}
	for _, ix := range proj.UV.Index {
		if strings.TrimSuffix(ix.URL, "/") == pytorchCPUIndex {
			cpuIndex[ix.Name] = true
		}
	}
	for _, s := range proj.UV.Sources["torch"] {
		if !cpuIndex[s.Index] || s.Marker != "" {
			continue
		}
		switch {
		case s.Extra != "":
			return "extra", s.Extra, true
		case s.Group != "":
			return "group", s.Group, true
		}
	}
	return "", "", false
}
