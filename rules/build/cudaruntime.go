package build

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
)

// CUDA returns whether the item is a CUDA library (the nvidia-*-cu12
// wheels) or a CUDA build of torch: PyPI's Linux torch and the +cuNNN
// builds.
func (it Item) CUDA() bool {
	if it.Family == FamilyCUDA {
		return true
	}
	if it.Name != "torch" || it.Family != FamilyTorch {
		return false
	}
	local := LocalLabel(it.Version)
	return local == "" || strings.HasPrefix(local, "cu")
}

// TorchCUDA is the CUDA version ("12.1") a CUDA torch is built for: its
// local label (+cu121), else the CUDA runtime wheel installed with it
// (nvidia-cuda-runtime-cu12 12.8.90); "" when neither says. torch is nil
// when the items hold no torch.
func TorchCUDA(torch *Item, items []Item) string {
	if torch != nil {
		if local := LocalLabel(torch.Version); strings.HasPrefix(local, "cu") {
			digits := local[2:]
			if len(digits) >= 3 && strings.Trim(digits, "0123456789") == "" {
				return digits[:len(digits)-1] + "." + digits[len(digits)-1:]
			}
			return ""
		}
	}
	for _, it := range items {
		if strings.HasPrefix(it.Name, "nvidia-cuda-runtime") {
			if parts := strings.SplitN(it.Version, ".", 3); len(parts) >= 2 {
				return parts[0] + "." + parts[1]
			}
		}
	}
	return ""
}

// CUDATwice is a step that installs CUDA wheels into an image whose base
// already ships a CUDA runtime: what the wheels weigh and which CUDA each
// side brings.
type CUDATwice struct {
	// Items are the CUDA wheels (and a CUDA torch) the step installs.
	Items []Item
	// Download is their download size.
	Download int64
	// Base is the base image's CUDA ("12.4.1") and Flavor its image
	// flavour ("base", "runtime", "devel"; "" for pytorch/pytorch).
	Base, Flavor string
	// Wheels is the CUDA the wheels are built for ("12.8"); "" unknown.
	Wheels string
}

// cudaFlavor finds the flavour in an nvidia/cuda tag as Env's source
// quotes it ("FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04").
var cudaFlavor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-(base|runtime|devel)-[a-z]+[0-9.]*$`) })

// InstallsCUDATwice reports whether step sc, in a stage of an image the
// build ships (ships is ShippedStages), installs CUDA wheels on a base
// image that has CUDA of its own: the image then holds two CUDA runtimes.
// The wheels must bring a CUDA runtime (a CUDA torch or the
// nvidia-cuda-runtime wheel, not NCCL alone), and a named install must
// name torch (a lock or a requirements file may pin it): one that names a
// package needing torch finds the torch of the base or of an earlier
// step, and the cost model's torch is then a guess. nvidia/cuda's base
// flavour does not count.
// An install into a builder stage that does not ship is not one: what it
// copies out is the runtime stage's choice.
func InstallsCUDATwice(f *dockerfile.File, ships []bool, sc *StepCost) (CUDATwice, bool) {
	if f == nil || sc == nil || sc.Err != nil || sc.In == nil || sc.Cmd == nil || !shipsIn(ships, sc.In.Stage) {
		return CUDATwice{}, false
	}
	env := sc.Env()
	if env.CUDA.V == "" {
		return CUDATwice{}, false
	}
	var r CUDATwice
	var torch *Item
	for i, it := range sc.Items {
		if it.CUDA() {
			r.Items = append(r.Items, it)
			r.Download += it.Download.Value
			if it.Name == "torch" {
				torch = &sc.Items[i]
			}
		}
	}
	if len(r.Items) == 0 {
		return CUDATwice{}, false
	}
	runtime := torch != nil || slices.ContainsFunc(r.Items, func(it Item) bool { return strings.HasPrefix(it.Name, "nvidia-cuda-runtime") })
	if !runtime || sc.Sync == nil && len(sc.Reqs) == 0 && !slices.Contains(sc.Named, "torch") {
		return CUDATwice{}, false
	}
	r.Base = env.CUDA.V
	if m := cudaFlavor().FindStringSubmatch(env.CUDA.Source); m != nil {
		r.Flavor = m[1]
	}
	if r.Flavor == "base" {
		// nvidia/cuda's base flavour holds cudart and the compat
		// libraries alone, tens of MB: the wheels are the only CUDA
		// stack worth the name.
		return CUDATwice{}, false
	}
	if torch == nil || torch.SizeKnown || strings.HasPrefix(LocalLabel(torch.Version), "cu") {
		// The catalog's CUDA set for a torch the lock does not pin is
		// that of one torch release, not necessarily this one's: only a
		// +cuNNN label says which CUDA it is built for.
		r.Wheels = TorchCUDA(torch, sc.Items)
	}
	return r, true
}
