package build

import (
	"fmt"
	"sync"

	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
)

// CatalogEntry is what ballast knows of a heavy package when there is no
// lock (`pip install torch transformers`): the wheel pip would pick for
// Linux x86_64 and CPython 3.12 as of Date, and the heavy dependencies it
// pulls.
type CatalogEntry struct {
	Name, Version string
	// Date is when the figures were taken (the lock snapshots of the notes).
	Date string
	// Download is the wheel size of Version; the band spans the releases
	// the notes record, since an unpinned install takes whatever is newest.
	Download lint.Range
	Family   Family
	// Kind is KindSdist for packages PyPI ships only as sdists.
	Kind ArtifactKind
	// Requires lists the catalog entries pip installs with it.
	Requires []string
	Source   string
}

// catalogDate is the date of the notes' lock snapshots (uv 26a9dd4b,
// open-instruct and nanochat histories up to Aug 2026).
const catalogDate = "2026-08"

// torchCUDA128 is the CUDA 12.8 set torch 2.9.1 requires on Linux x86_64
// (notes §1d last column, §1e: 2,987.6 MB with nvshmem), with triton 3.5.1.
var torchCUDA128 = []string{
	"nvidia-cublas-cu12", "nvidia-cudnn-cu12", "nvidia-cusparse-cu12", "nvidia-cusparselt-cu12",
	"nvidia-nccl-cu12", "nvidia-cufft-cu12", "nvidia-cusolver-cu12", "nvidia-curand-cu12",
	"nvidia-nvjitlink-cu12", "nvidia-cuda-runtime-cu12", "nvidia-cuda-nvrtc-cu12", "nvidia-cuda-cupti-cu12",
	"nvidia-nvtx-cu12", "nvidia-cufile-cu12", "nvidia-nvshmem-cu12", "triton",
}

// catalogEntries is the built-in catalog. torch is 2.9.1, the newest
// release whose whole CUDA stack the notes tabulate (§1e); its band runs
// from the compressed 2.12.1 build (532.3 MB) to 2.10.0 (915.7 MB). Built
// on first use: only a lock's packages need it.
var catalogEntries = sync.OnceValue(func() map[string]CatalogEntry {
	return map[string]CatalogEntry{
		"torch": {Name: "torch", Version: "2.9.1", Download: lint.Range{Value: 899_742_281, Low: 532_261_322, High: 915_711_952},
			Family: FamilyTorch, Requires: torchCUDA128, Source: "karpathy/nanochat uv.lock"},
		"nvidia-cublas-cu12":       cudaEntry("nvidia-cublas-cu12", "12.8.4.1", 594.3),
		"nvidia-cudnn-cu12":        cudaEntry("nvidia-cudnn-cu12", "9.10.2.21", 706.8),
		"nvidia-cusparse-cu12":     cudaEntry("nvidia-cusparse-cu12", "12.5.8.93", 288.2),
		"nvidia-cusparselt-cu12":   cudaEntry("nvidia-cusparselt-cu12", "0.7.1", 287.2),
		"nvidia-nccl-cu12":         cudaEntry("nvidia-nccl-cu12", "2.27.5", 322.3),
		"nvidia-cufft-cu12":        cudaEntry("nvidia-cufft-cu12", "11.3.3.83", 193.1),
		"nvidia-cusolver-cu12":     cudaEntry("nvidia-cusolver-cu12", "11.7.3.90", 267.5),
		"nvidia-curand-cu12":       cudaEntry("nvidia-curand-cu12", "10.3.9.90", 63.6),
		"nvidia-nvjitlink-cu12":    cudaEntry("nvidia-nvjitlink-cu12", "12.8.93", 39.3),
		"nvidia-cuda-runtime-cu12": cudaEntry("nvidia-cuda-runtime-cu12", "12.8.90", 0.95),
		"nvidia-cuda-nvrtc-cu12":   cudaEntry("nvidia-cuda-nvrtc-cu12", "12.8.93", 88.0),
		"nvidia-cuda-cupti-cu12":   cudaEntry("nvidia-cuda-cupti-cu12", "12.8.90", 10.2),
		"nvidia-nvtx-cu12":         cudaEntry("nvidia-nvtx-cu12", "12.8.90", 0.09),
		"nvidia-cufile-cu12":       cudaEntry("nvidia-cufile-cu12", "1.13.1.3", 1.2),
		"nvidia-nvshmem-cu12":      cudaEntry("nvidia-nvshmem-cu12", "3.3.20", 124.7),
		"triton":                   wheelEntry("triton", "3.5.1", 170.5, FamilyTriton, "nanochat uv.lock"),

		"transformers": wheelEntry("transformers", "5.4.0", 10.1, FamilyPure, "PyPI", "numpy", "tokenizers", "safetensors"),
		"tokenizers":   wheelEntry("tokenizers", "0.22.1", 3.3, FamilyNative, "PyPI"),
		"safetensors":  wheelEntry("safetensors", "0.7.0", 0.5, FamilyNative, "PyPI"),
		"numpy":        wheelEntry("numpy", "2.4.6", 16.6, FamilyNative, "PyPI"),
		"scipy":        wheelEntry("scipy", "1.17.1", 35.2, FamilyNative, "PyPI", "numpy"),
		"pandas":       wheelEntry("pandas", "3.0.3", 10.9, FamilyNative, "PyPI", "numpy"),
		"pyarrow":      wheelEntry("pyarrow", "24.0.0", 48.9, FamilyNative, "PyPI"),

		"tensorflow":             wheelEntry("tensorflow", "2.16.1", 589.8, FamilyHeavyNative, "PyPI (cp311), optuna/optuna-examples#260", "numpy"),
		"tensorflow-cpu":         wheelEntry("tensorflow-cpu", "2.16.1", 214.1, FamilyHeavyNative, "PyPI (cp311), optuna/optuna-examples#260", "numpy"),
		"jaxlib":                 wheelEntry("jaxlib", "0.5.0", 102.0, FamilyHeavyNative, "PyPI", "numpy", "scipy"),
		"vllm":                   wheelEntry("vllm", "0.19.1", 433.1, FamilyHeavyNative, "open-instruct uv.lock; vllm pins its own torch release", "torch"),
		"xformers":               wheelEntry("xformers", "0.0.32.post1", 117.2, FamilyHeavyNative, "open-instruct uv.lock", "torch"),
		"bitsandbytes":           wheelEntry("bitsandbytes", "0.49.1", 59.1, FamilyHeavyNative, "open-instruct uv.lock", "torch", "numpy"),
		"onnxruntime":            wheelEntry("onnxruntime", "1.27.0", 18.7, FamilyHeavyNative, "PyPI", "numpy"),
		"onnxruntime-gpu":        wheelEntry("onnxruntime-gpu", "1.19.2", 226.2, FamilyHeavyNative, "PyPI (cp311), microsoft/onnxruntime#23079", "numpy"),
		"cupy-cuda12x":           wheelEntry("cupy-cuda12x", "13.6.0", 112.9, FamilyHeavyNative, "PyPI", "numpy"),
		"opencv-python":          wheelEntry("opencv-python", "4.11.0.86", 63.0, FamilyHeavyNative, "PyPI", "numpy"),
		"opencv-python-headless": wheelEntry("opencv-python-headless", "4.13.0.92", 57.7, FamilyNative, "PyPI", "numpy"),

		// PyPI has only sdists of these (notes §1f): pip builds them.
		"flash-attn": {Name: "flash-attn", Version: "2.8.3", Download: lint.Range{Value: mb(8.4), Low: mb(3.1), High: mb(8.4)},
			Family: FamilyHeavyNative, Kind: KindSdist, Requires: []string{"torch"}, Source: "open-instruct uv.lock (sdist only)"},
		"deepspeed": {Name: "deepspeed", Version: "0.18.4", Download: lint.Range{Value: mb(1.6), Low: mb(1.4), High: mb(1.6)},
			Family: FamilyHeavyNative, Kind: KindSdist, Requires: []string{"torch"}, Source: "open-instruct uv.lock (sdist only)"},
	}
})

// cudaEntry is an nvidia-* wheel of the CUDA 12.8 set; its band spans the
// CUDA 12.1–12.9 wheels of the same package in notes §1d.
func cudaEntry(name, version string, sizeMB float64) CatalogEntry {
	return CatalogEntry{Name: name, Version: version, Download: spanOfKnown(name, mb(sizeMB)),
		Family: FamilyCUDA, Source: "PyPI (CUDA 12.8 set of torch 2.7–2.9)"}
}

// wheelEntry is a wheel whose band spans the releases recorded in
// knownWheels.
func wheelEntry(name, version string, sizeMB float64, family Family, source string, requires ...string) CatalogEntry {
	return CatalogEntry{Name: name, Version: version, Download: spanOfKnown(name, mb(sizeMB)),
		Family: family, Requires: requires, Source: source}
}

// spanOfKnown returns value with the band of the recorded wheels of name.
func spanOfKnown(name string, value int64) lint.Range {
	r := lint.Range{Value: value, Low: value, High: value}
	for _, k := range knownWheels()[name] {
		r.Low = min(r.Low, k.bytes)
		r.High = max(r.High, k.bytes)
	}
	return r
}

// Catalog returns the built-in entry of a package (normalized name).
func Catalog(name string) (CatalogEntry, bool) {
	e, ok := catalogEntries()[uvlock.NormalizeName(name)]
	if !ok {
		return CatalogEntry{}, false
	}
	e.Date = catalogDate
	if e.Kind == "" {
		e.Kind = KindWheel
	}
	return e, true
}

// CatalogItems expands named packages with their catalog dependencies
// into Items, each an estimate (SizeKnown false) citing the catalog.
// Packages the catalog does not know are returned in unknown, in order.
func CatalogItems(names []string) (items []Item, unknown []string) {
	seen := map[string]bool{}
	var add func(name string, requested bool)
	add = func(name string, requested bool) {
		name = uvlock.NormalizeName(name)
		if seen[name] {
			return
		}
		seen[name] = true
		e, ok := Catalog(name)
		if !ok {
			if requested {
				unknown = append(unknown, name)
			}
			return
		}
		var builds SourceBuild
		if e.Kind == KindSdist {
			builds = sdistBuilds(e.Name, nil)
		}
		items = append(items, Item{
			Builds:     builds,
			Name:       e.Name,
			Version:    e.Version,
			Kind:       e.Kind,
			Download:   e.Download,
			SizeSource: fmt.Sprintf("catalog: %s %s for Linux x86_64, figures of %s, %s", e.Name, e.Version, e.Date, e.Source),
			Family:     e.Family,
		})
		for _, r := range e.Requires {
			add(r, false)
		}
	}
	for _, n := range names {
		add(n, true)
	}
	return items, unknown
}
