package build

import (
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

func TestFallbackDownload(t *testing.T) {
	tests := []struct {
		name, version, file string
		want                lint.Range
		source              string
		ok                  bool
	}{
		{"torch", "2.5.1+cpu", "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
			lint.Range{Value: 190 * MB, Low: 175 * MB, High: 200 * MB},
			"torch 2.5.1+cpu fallback: +cpu wheels are 175–200 MB", true},
		{"torch", "2.7.0+cu128", "torch-2.7.0%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl",
			// PyPI 2.7.1 821.2 MB × 1.2 (1.0–1.35)
			lint.Range{Value: 985_440_000, Low: 821_200_000, High: 1_108_620_000},
			"torch 2.7.0+cu128 fallback: PyPI size of 2.7.1 (821.2 MB) × 1.0–1.35", true},
		{"torch", "2.9.1+cu128", "torch-2.9.1+cu128-cp312-cp312-manylinux_2_28_x86_64.whl",
			// PyPI 2.9.1 899,742,281 × 1.2 (1.0–1.35)
			lint.Range{Value: 1_079_690_737, Low: 899_742_281, High: 1_214_652_079},
			"torch 2.9.1+cu128 fallback: PyPI size of 2.9.1 (899.7 MB) × 1.0–1.35", true},
		{"torch", "3.1.0+cu130", "torch-3.1.0+cu130-cp312-cp312-manylinux_2_28_x86_64.whl",
			lint.Range{Value: 900 * MB, Low: 675 * MB, High: 1125 * MB},
			"torch 3.1.0+cu130 fallback: version not in the table, 900 MB ±25%", true},
		{"torch", "2.8.0+cu126", "torch-2.8.0%2Bcu126-cp312-cp312-win_amd64.whl",
			lint.Range{Value: 2_454_800_000, Low: 1_841_100_000, High: 3_068_500_000},
			"torch 2.8.0+cu126 fallback: Windows CUDA wheels bundle CUDA, 2,454.8 MB ±25%", true},
		{"torch", "2.5.1", "torch-2.5.1-cp311-cp311-manylinux1_x86_64.whl",
			// a mirror of the PyPI wheel: the cp312 figure ±2%
			lint.Range{Value: 906_389_343, Low: 888_261_556, High: 924_517_130},
			"torch 2.5.1 fallback: PyPI size of 2.5.1, uv lock.rs and astral-sh/uv#8746", true},
		{"torch", "2.10.0", "torch-2.10.0-2-cp312-none-macosx_11_0_arm64.whl", lint.Range{}, "", false},
		{"flash-attn", "2.8.1+cu13torch2.10cxx11abiTRUE", "flash_attn-2.8.1+cu13torch2.10cxx11abiTRUE-cp313-cp313-linux_x86_64.whl",
			lint.Range{Value: 250 * MB, Low: 100 * MB, High: 500 * MB},
			"flash-attn 2.8.1+cu13torch2.10cxx11abiTRUE wheel: 250 MB guess without a source", true},
		{"flash_attn", "2.7.4.post1", "flash_attn-2.7.4.post1.tar.gz", lint.Range{}, "", false},
		{"nvidia-cublas-cu12", "12.8.4.1", "nvidia_cublas_cu12-12.8.4.1-py3-none-manylinux_2_27_x86_64.whl",
			lint.Range{Value: 594_300_000, Low: 582_414_000, High: 606_186_000},
			"nvidia-cublas-cu12 12.8.4.1: recorded size 594.3 MB, PyPI", true},
		{"vllm", "0.99.0", "vllm-0.99.0-cp38-abi3-manylinux_2_28_x86_64.whl",
			lint.Range{Value: 433_100_000, Low: 201_100_000, High: 508_300_000},
			"vllm 0.99.0: no figure for this version; span of 0.6.6.post1–0.19.1 wheels, open-instruct", true},
		{"vllm", "0.19.1", "vllm-0.19.1-cp38-abi3-macosx_11_0_arm64.whl", lint.Range{}, "", false},
		{"some-package", "1.0", "some_package-1.0-py3-none-any.whl", lint.Range{}, "", false},
	}
	for _, tt := range tests {
		got, source, ok := FallbackDownload(tt.name, tt.version, tt.file)
		if got != tt.want || source != tt.source || ok != tt.ok {
			t.Errorf("FallbackDownload(%q, %q, %q) = %+v, %q, %v; want %+v, %q, %v",
				tt.name, tt.version, tt.file, got, source, ok, tt.want, tt.source, tt.ok)
		}
	}
}

func TestGenericFallback(t *testing.T) {
	tests := []struct {
		kind   ArtifactKind
		family Family
		want   lint.Range
	}{
		{KindWheel, FamilyPure, lint.Range{Value: 500 * kB, Low: 0, High: 20 * MB}},
		{KindWheel, FamilyNative, lint.Range{Value: 5 * MB, Low: 100 * kB, High: 50 * MB}},
		{KindWheel, FamilyTorchCPU, lint.Range{Value: 190 * MB, Low: 175 * MB, High: 200 * MB}},
		{KindWheel, FamilyCUDA, lint.Range{Value: 200 * MB, Low: 90 * kB, High: 731_700_000}},
		{KindSdist, FamilyHeavyNative, lint.Range{Value: 2 * MB, Low: 10 * kB, High: 20 * MB}},
		{KindLocal, FamilyPure, lint.Exact(0)},
		{KindMissing, FamilyTorch, lint.Exact(0)},
	}
	for _, tt := range tests {
		if got := GenericFallback(tt.kind, tt.family); got != tt.want {
			t.Errorf("GenericFallback(%s, %d) = %+v, want %+v", tt.kind, tt.family, got, tt.want)
		}
	}
	// Every band must hold its value.
	for kind := range map[ArtifactKind]bool{KindWheel: true, KindSdist: true} {
		for f := FamilyPure; f <= FamilyCompressed; f++ {
			r := GenericFallback(kind, f)
			if r.Low > r.Value || r.Value > r.High {
				t.Errorf("GenericFallback(%s, %d) = %+v: value outside its band", kind, f, r)
			}
		}
	}
}

// Every recorded figure must parse as a version and be positive, and the
// torch table must be sorted so that a minor release finds its newest patch.
func TestKnownWheelTables(t *testing.T) {
	for name, sizes := range knownWheels() {
		if len(sizes) == 0 {
			t.Errorf("%s: no sizes", name)
		}
		for _, k := range sizes {
			if k.bytes <= 0 || k.source == "" {
				t.Errorf("%s %s: bytes %d, source %q", name, k.version, k.bytes, k.source)
			}
		}
	}
	if got, ok := torchReference("2.9.0+cu128"); !ok || got.version != "2.9.1" {
		t.Errorf("torchReference(2.9.0+cu128) = %+v, %v; want 2.9.1", got, ok)
	}
	if _, ok := torchReference("garbage"); ok {
		t.Error("torchReference(garbage) found a reference")
	}
}

func FuzzFallbackDownload(f *testing.F) {
	f.Add("torch", "2.7.0+cu128", "torch-2.7.0%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl")
	f.Add("vllm", "0.1", "vllm-0.1-cp38-abi3-manylinux_2_28_x86_64.whl")
	f.Add("nvidia-nccl-cu12", "", "-.whl")
	f.Fuzz(func(t *testing.T, name, version, file string) {
		r, _, ok := FallbackDownload(name, version, file)
		if ok && (r.Low > r.Value || r.Value > r.High || r.Low < 0) {
			t.Errorf("FallbackDownload(%q, %q, %q) = %+v: band does not hold the value", name, version, file, r)
		}
		_ = Classify(name, version, file, int64(len(file)))
	})
}
