package build

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
)

// unknownVariant is torchIndexVariant's answer for an index named through a
// variable: the build of torch it serves is unknown.
const unknownVariant = "?"

// torchIndexVariant reads which build of torch a pip-style install's index
// options select. PyTorch's own index serves one build per path,
// https://download.pytorch.org/whl/<variant> (nightly under whl/nightly/):
// "cpu", "cu126", "xpu", "rocm6.3". As an extra index it still wins, since
// pip and uv prefer 2.9.1+cpu to PyPI's 2.9.1. An index option written with
// a variable gives unknownVariant; no index option of PyTorch's gives "",
// PyPI's build.
func torchIndexVariant(c *dockerfile.Command) string {
	variant := ""
	for _, v := range c.Values("--index-url", "-i", "--extra-index-url", "--index", "--default-index") {
		if strings.Contains(v, "$") {
			return unknownVariant
		}
		_, path, ok := strings.Cut(v, "download.pytorch.org/whl/")
		if !ok {
			continue
		}
		path = strings.TrimPrefix(strings.Trim(path, "/"), "nightly/")
		if name, _, _ := strings.Cut(path, "/"); name != "" {
			variant = name
		}
	}
	return variant
}

// applyTorchVariant makes the catalog's torch (PyPI's Linux build, which
// brings the CUDA 12 wheels) the build the index selects. A CPU build
// brings no CUDA wheels; an XPU or ROCm build brings none of NVIDIA's
// either, and its own libraries are not in the catalog; an unknown build
// keeps the CUDA wheels out of the figure and says so, since counting them
// would claim a CUDA install the Dockerfile may not make.
func applyTorchVariant(items []Item, variant string, named []string) ([]Item, []string) {
	i := slices.IndexFunc(items, func(it Item) bool { return it.Name == "torch" })
	if variant == "" || i < 0 {
		return items, nil
	}
	torch := &items[i]
	base := BaseVersion(torch.Version)
	switch {
	case strings.HasPrefix(variant, "cu"):
		torch.Version = base + "+" + variant
		return items, nil
	case variant == "cpu":
		torch.Version, torch.Family, torch.Download = base+"+cpu", FamilyTorchCPU, torchCPUDownload
		torch.SizeSource = fmt.Sprintf("torch %s fallback: +cpu wheels are 175–200 MB", base)
		return withoutCUDA(items, named), nil
	case variant == unknownVariant:
		// As small as the CPU build, as large as PyPI's CUDA build.
		torch.Family, torch.Download = FamilyTorchCPU, lint.Range{Value: torchCPUDownload.Value, Low: torchCPUDownload.Low, High: max(torch.Download.High, torchCPUDownload.High)}
		return withoutCUDA(items, named), []string{"estimate: torch comes from an index named through a variable, so whether it is a CPU or a CUDA build is unknown; no CUDA wheels are counted"}
	}
	torch.Version, torch.Family, torch.Download = base+"+"+variant, FamilyTorchCPU, torchCPUDownload
	return withoutCUDA(items, named), []string{fmt.Sprintf("estimate: torch's %s build is counted as large as the CPU build; the libraries it brings are not in the built-in catalog", variant)}
}

// withoutCUDA drops the NVIDIA CUDA wheels and triton, which only PyPI's
// and the +cuNNN builds of torch require; those the command names stay.
func withoutCUDA(items []Item, named []string) []Item {
	return slices.DeleteFunc(items, func(it Item) bool {
		return (it.Family == FamilyCUDA || it.Name == "triton") && !slices.Contains(named, it.Name)
	})
}
