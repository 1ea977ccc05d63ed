package build

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

// File names and sizes below come from the uv.lock files of the shared
// corpus (NVIDIA-NeMo/RL, docling, fish-speech, levanter, unstructured, …).
func TestClassify(t *testing.T) {
	tests := []struct {
		name, version, file string
		size                int64
		want                Family
	}{
		{"nvidia-cublas-cu12", "12.4.5.8", "nvidia_cublas_cu12-12.4.5.8-py3-none-manylinux2014_x86_64.whl", 363438805, FamilyCUDA},
		{"nvidia-cudnn-cu13", "9.20.0.48", "nvidia_cudnn_cu13-9.20.0.48-py3-none-manylinux_2_27_x86_64.whl", 366173588, FamilyCUDA},
		{"nvidia-nccl-cu12", "2.27.3", "nvidia_nccl_cu12-2.27.3-py3-none-manylinux2014_aarch64.manylinux_2_17_aarch64.whl", 322397768, FamilyCUDA},
		{"nvidia-cutlass-dsl-libs-base", "4.5.2", "nvidia_cutlass_dsl_libs_base-4.5.2-cp312-cp312-manylinux_2_28_x86_64.whl", 74513226, FamilyCUDA},
		{"nvidia-mathdx", "25.6.0", "nvidia_mathdx-25.6.0-py3-none-any.whl", 23013087, FamilyCUDA},
		{"nvidia-ml-py", "13.610.43", "nvidia_ml_py-13.610.43-py3-none-any.whl", 53163, FamilyPure},
		{"torch", "2.11.0", "torch-2.11.0-cp312-cp312-manylinux_2_28_x86_64.whl", 530712279, FamilyTorch},
		{"torch", "2.10.0", "torch-2.10.0-3-cp311-cp311-manylinux_2_28_x86_64.whl", 915518691, FamilyTorch},
		{"torch", "2.10.0", "torch-2.10.0-2-cp312-none-macosx_11_0_arm64.whl", 79498202, FamilyTorchCPU},
		{"torch", "2.8.0+cpu", "torch-2.8.0%2Bcpu-cp312-cp312-manylinux_2_28_x86_64.whl", 0, FamilyTorchCPU},
		{"torch", "2.8.0+cpu", "torch-2.8.0%2Bcpu-cp312-cp312-win_amd64.whl", 0, FamilyTorchCPU},
		{"torch", "2.8.0", "torch-2.8.0-cp312-cp312-linux_s390x.whl", 0, FamilyTorchCPU},
		{"torch", "2.7.0+cu128", "torch-2.7.0%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl", 0, FamilyTorch},
		{"torch", "2.8.0+cu126", "torch-2.8.0%2Bcu126-cp312-cp312-win_amd64.whl", 0, FamilyTorch},
		{"triton", "3.6.0", "triton-3.6.0-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl", 188266850, FamilyTriton},
		{"jaxlib", "0.7.2", "jaxlib-0.7.2-cp312-cp312-manylinux_2_27_x86_64.whl", 78167979, FamilyHeavyNative},
		{"onnxruntime", "1.25.0", "onnxruntime-1.25.0-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl", 17996146, FamilyHeavyNative},
		{"onnxruntime-gpu", "1.23.2", "onnxruntime_gpu-1.23.2-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl", 300509596, FamilyHeavyNative},
		{"vllm", "0.23.0", "vllm-0.23.0-cp38-abi3-manylinux_2_28_x86_64.whl", 274070208, FamilyHeavyNative},
		{"bitsandbytes", "0.45.2", "bitsandbytes-0.45.2-py3-none-manylinux_2_24_x86_64.whl", 69680042, FamilyHeavyNative},
		{"cupy-cuda13x", "14.1.1", "cupy_cuda13x-14.1.1-cp313-cp313-manylinux2014_x86_64.whl", 69094726, FamilyHeavyNative},
		{"flashinfer-cubin", "0.6.8.post1", "flashinfer_cubin-0.6.8.post1-py3-none-any.whl", 295154113, FamilyHeavyNative},
		{"flash-attn", "2.8.1+cu13torch2.10cxx11abiTRUE", "flash_attn-2.8.1+cu13torch2.10cxx11abiTRUE-cp313-cp313-linux_x86_64.whl", 0, FamilyHeavyNative},
		{"flash-attn", "2.8.3.post1", "flash_attn-2.8.3.post1.tar.gz", 8451657, FamilyHeavyNative},
		{"opencv-contrib-python", "4.13.0.92", "opencv_contrib_python-4.13.0.92-cp37-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl", 76591184, FamilyHeavyNative},
		{"botocore", "1.43.52", "botocore-1.43.52-py3-none-any.whl", 15402564, FamilyCompressed},
		{"pyarrow", "19.0.0", "pyarrow-19.0.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", 42180380, FamilyNative},
		{"pydantic-core", "2.20.1", "pydantic_core-2.20.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", 2061462, FamilyNative},
		{"numpy", "2.0.2", "numpy-2.0.2-cp310-cp310-macosx_10_9_x86_64.whl", 21165245, FamilyNative},
		{"flashinfer-python", "0.6.8.post1", "flashinfer_python-0.6.8.post1-py3-none-any.whl", 9385316, FamilyPure},
		{"transformers", "5.5.0", "transformers-5.5.0-py3-none-any.whl", 10245591, FamilyPure},
		{"requests", "2.34.2", "requests-2.34.2-py3-none-any.whl", 73075, FamilyPure},
		{"requests-file", "3.0.1", "requests_file-3.0.1-py2.py3-none-any.whl", 4514, FamilyPure},
		{"antlr4-python3-runtime", "4.9.3", "antlr4-python3-runtime-4.9.3.tar.gz", 117034, FamilyPure},
		{"Pydantic_Core", "2.20.1", "", 0, FamilyPure},
	}
	for _, tt := range tests {
		if got := Classify(tt.name, tt.version, tt.file, tt.size); got != tt.want {
			t.Errorf("Classify(%q, %q, %q, %d) = %d, want %d", tt.name, tt.version, tt.file, tt.size, got, tt.want)
		}
	}
}

func wheelItem(name, version, file string, size int64) Item {
	return Item{Name: name, Version: version, File: file, Kind: KindWheel, Download: lint.Exact(size), SizeKnown: true,
		Family: Classify(name, version, file, size)}
}

// torch251Stack is the torch 2.5.1 CUDA stack of notes §1e: torch, the
// CUDA 12.4 nvidia-* set (notes §1d, 1,880.6 MB) and triton 3.1.0.
func torch251Stack() []Item {
	items := []Item{wheelItem("torch", "2.5.1", "torch-2.5.1-cp312-cp312-manylinux1_x86_64.whl", 906_389_343)}
	for _, n := range []struct {
		name, version string
		size          int64
	}{
		{"nvidia-cublas-cu12", "12.4.5.8", 363_400_000},
		{"nvidia-cudnn-cu12", "9.1.0.70", 664_800_000},
		{"nvidia-cusparse-cu12", "12.3.1.170", 207_500_000},
		{"nvidia-nccl-cu12", "2.21.5", 188_700_000},
		{"nvidia-cufft-cu12", "11.2.1.3", 211_500_000},
		{"nvidia-cusolver-cu12", "11.6.1.9", 127_900_000},
		{"nvidia-curand-cu12", "10.3.5.147", 56_300_000},
		{"nvidia-nvjitlink-cu12", "12.4.127", 21_100_000},
		{"nvidia-cuda-runtime-cu12", "12.4.127", 880_000},
		{"nvidia-cuda-nvrtc-cu12", "12.4.127", 24_600_000},
		{"nvidia-cuda-cupti-cu12", "12.4.127", 13_800_000},
		{"nvidia-nvtx-cu12", "12.4.127", 100_000},
	} {
		file := strings.ReplaceAll(n.name, "-", "_") + "-" + n.version + "-py3-none-manylinux2014_x86_64.whl"
		items = append(items, wheelItem(n.name, n.version, file, n.size))
	}
	return append(items, wheelItem("triton", "3.1.0", "triton-3.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", 209_600_000))
}

func TestEstimateWorkedExample(t *testing.T) {
	items := torch251Stack()
	est := EstimateInstall(items, Installer{Tool: "uv", NoCache: true})
	// notes §5 (2): 906 × 2.0 + 1,880 × 1.6 + 210 × 3.5 ≈ 5.55 GB.
	wantDownload := lint.Exact(906_389_343 + 1_880_580_000 + 209_600_000)
	wantInstalled := lint.Range{
		Value: 1_812_778_686 + 3_008_928_000 + 733_600_000, // × 2.0, 1.6, 3.5
		// × 1.96, 1.54, 2.8 and 2.11, 1.78, 4.6, less and plus ratioMargin.
		Low:  lowOf(906_389_343, 1.96) + lowOf(1_880_580_000, 1.54) + lowOf(209_600_000, 2.8),
		High: highOf(906_389_343, 2.11) + highOf(1_880_580_000, 1.78) + highOf(209_600_000, 4.6),
	}
	if est.Download != wantDownload {
		t.Errorf("Download = %+v, want %+v", est.Download, wantDownload)
	}
	if est.Installed != wantInstalled {
		t.Errorf("Installed = %+v, want %+v", est.Installed, wantInstalled)
	}
	if got := lint.FormatRange(est.Installed); got != "5.6 GB (5.1–6.4 GB)" {
		t.Errorf("lint.FormatRange(Installed) = %q", got)
	}
	if est.Layer != wantInstalled {
		t.Errorf("Layer = %+v, want the installed bytes %+v", est.Layer, wantInstalled)
	}
	if got, want := items[0].Installed, (lint.Range{Value: 1_812_778_686, Low: lowOf(906_389_343, 1.96), High: highOf(906_389_343, 2.11)}); got != want {
		t.Errorf("torch Installed = %+v, want %+v", got, want)
	}
	// (layer + [0, W_max] + D × [0.85, 1.15]) × 1.10.
	d := wantDownload.Value
	wantDisk := lint.Range{
		Value: scaleBytes(wantInstalled.Value+d, 1.1),
		Low:   scaleBytes(wantInstalled.Low+scaleBytes(d, 0.85), 1.1),
		High:  scaleBytes(wantInstalled.High+906_389_343+scaleBytes(d, 1.15), 1.1),
	}
	if est.PeakDisk != wantDisk {
		t.Errorf("PeakDisk = %+v, want %+v", est.PeakDisk, wantDisk)
	}
	if want := (lint.Range{Value: 300 * MB, Low: 300 * MB, High: 1 * GB}); est.PeakMemory != want {
		t.Errorf("PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
	wantNotes := []string{
		"estimate: the builder uses the containerd image store (the Docker Desktop and Engine 29+ default), which keeps a compressed copy of the layer ≈ its download bytes; the classic overlay2 store does not",
		"estimate: peak disk includes a safety margin of 10%; keep 2.0 GB more free for the builder itself, not counted in it",
	}
	if !reflect.DeepEqual(est.Notes, wantNotes) {
		t.Errorf("Notes = %q, want %q", est.Notes, wantNotes)
	}
}

func TestEstimatePurePython(t *testing.T) {
	items := []Item{
		wheelItem("requests", "2.34.2", "requests-2.34.2-py3-none-any.whl", 73_075),
		wheelItem("requests-toolbelt", "1.0.0", "requests_toolbelt-1.0.0-py2.py3-none-any.whl", 54_481),
		wheelItem("transformers", "5.5.0", "transformers-5.5.0-py3-none-any.whl", 10_245_591),
	}
	est := EstimateInstall(items, Installer{Tool: "uv", NoCache: true})
	// × 3.5 (2.2–5.3), rounded per package.
	sizes := []int64{73_075, 54_481, 10_245_591}
	want := lint.Range{Value: 255_763 + 190_684 + 35_859_569}
	for _, n := range sizes {
		want.Low += lowOf(n, 2.2)
		want.High += highOf(n, 5.3)
	}
	if est.Installed != want {
		t.Errorf("Installed = %+v, want %+v", est.Installed, want)
	}
	// pip compiles: + 1.43 × 0.85 of each pure-Python package.
	est = EstimateInstall(items, Installer{Tool: "pip", PipVersion: "24.0", NoCache: true})
	withPyc := lint.Range{Value: 255_763 + 310_880 + 190_684 + 231_776 + 35_859_569 + 43_587_306}
	for _, n := range sizes {
		lo, hi := lowOf(n, 2.2), highOf(n, 5.3)
		withPyc.Low += lo + scaleBytes(lo, pycPerPy*pyShareOfPure)
		withPyc.High += hi + scaleBytes(hi, pycPerPy*pyShareOfPure)
	}
	if est.Installed != withPyc {
		t.Errorf("pip Installed = %+v, want %+v", est.Installed, withPyc)
	}
	if !hasNote(est.Notes, "pip compiles bytecode") {
		t.Errorf("no bytecode note in %q", est.Notes)
	}
}

func hasNote(notes []string, part string) bool {
	for _, n := range notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// One 10 MB pure-Python wheel: installed 35 MB (21.3–54.6 MB: 2.2–5.3
// widened by ratioMargin) under uv, with pip's bytecode × (1 + 1.43 × 0.85).
func TestEstimateLayerAndDisk(t *testing.T) {
	const d, wMax = 10 * MB, 10 * MB
	i := lint.Range{Value: 35_000_000, Low: lowOf(d, 2.2), High: highOf(d, 5.3)}
	ip := i.Add(scaleRange(i, ratio{pycPerPy * pyShareOfPure, pycPerPy * pyShareOfPure, pycPerPy * pyShareOfPure}))
	// disk is (layer + transient + export + mount) × 1.10, bound by bound.
	disk := func(v, l, h int64) lint.Range {
		return lint.Range{Value: scaleBytes(v, 1.1), Low: scaleBytes(l, 1.1), High: scaleBytes(h, 1.1)}
	}
	tests := []struct {
		name      string
		inst      Installer
		layer     lint.Range
		disk      lint.Range // zero: not checked
		wantNotes string
	}{
		{"uv no cache", Installer{Tool: "uv", NoCache: true}, i,
			disk(i.Value+d, i.Low+d*85/100, i.High+wMax+d*115/100), ""},
		{"uv cache mount", Installer{Tool: "uv", CacheMount: true}, i,
			// + the cache mount's copy of the installed bytes
			disk(2*i.Value+d, 2*i.Low+d*85/100, 2*i.High+wMax+d*115/100), "uv cache mount"},
		{"uv cache in layer, linked", Installer{Tool: "uv"},
			i.Add(scaleRange(i, ratio{0.03, 0.03, 0.03})), lint.Range{}, "+ 3% of the installed bytes"},
		{"uv cache in layer, copy", Installer{Tool: "uv", LinkMode: "copy"}, i.Add(i),
			disk(2*i.Value+2*d, 2*i.Low+d*170/100, 2*i.High+wMax+d*230/100), "UV_LINK_MODE=copy"},
		{"pip no cache dir", Installer{Tool: "pip", NoCache: true}, ip,
			disk(ip.Value+d+d, ip.Low+d+d*85/100, ip.High+d+d*115/100), ""},
		{"pip cache in layer", Installer{Tool: "pip"}, ip.Add(lint.Exact(d)),
			disk(ip.Value+d+d*130/100+2*d, ip.Low+d+d*120/100+d*170/100, ip.High+d+d*160/100+d*230/100), "pip keeps its wheel cache in the layer"},
		{"pip cache mount", Installer{Tool: "pip", CacheMount: true}, ip, lint.Range{}, "pip cache mount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := []Item{wheelItem("example", "1.0", "example-1.0-py3-none-any.whl", 10*MB)}
			est := EstimateInstall(items, tt.inst)
			if est.Layer != tt.layer {
				t.Errorf("Layer = %+v, want %+v", est.Layer, tt.layer)
			}
			if tt.disk != (lint.Range{}) && est.PeakDisk != tt.disk {
				t.Errorf("PeakDisk = %+v, want %+v", est.PeakDisk, tt.disk)
			}
			if tt.wantNotes != "" && !hasNote(est.Notes, tt.wantNotes) {
				t.Errorf("no note with %q in %q", tt.wantNotes, est.Notes)
			}
		})
	}
}

func TestEstimatePipMemory(t *testing.T) {
	torch := []Item{wheelItem("torch", "2.5.1", "torch-2.5.1-cp312-cp312-manylinux1_x86_64.whl", 906_389_343)}
	// pip < 23.3: 50 MB + 3.0 × 906,389,343 (cold) −20%, up to 50 MB + 4.9 × W (warm) +20%.
	buffered := lint.Range{Value: 2_769_168_029, Low: 2_215_334_423, High: 5_389_569_337}
	streaming := lint.Range{Value: 100 * MB, Low: 50 * MB, High: 300 * MB}
	tests := []struct {
		name string
		inst Installer
		want lint.Range
		note string
	}{
		{"pip 23.2.1 with cache", Installer{Tool: "pip", PipVersion: "23.2.1"}, buffered, "pip 23.2.1 (< 23.3)"},
		{"pip 23.3", Installer{Tool: "pip", PipVersion: "23.3"}, streaming, ""},
		{"pip 24.0", Installer{Tool: "pip", PipVersion: "24.0"}, streaming, ""},
		{"pip 23.2.1 no cache dir", Installer{Tool: "pip", PipVersion: "23.2.1", NoCache: true}, streaming, ""},
		{"pip unknown", Installer{Tool: "pip"}, lint.Range{Value: 100 * MB, Low: 50 * MB, High: 5_389_569_337}, "pip's version is not pinned"},
		{"uv", Installer{Tool: "uv"}, lint.Range{Value: 300 * MB, Low: 300 * MB, High: 1 * GB}, ""},
	}
	// A fallback size: each bound uses the matching bound of the largest
	// wheel (torch 2.7.0+cu128, 985.4 MB (821.2 MB–1.1 GB)).
	cu128 := []Item{{Name: "torch", Version: "2.7.0+cu128", Kind: KindWheel, Family: FamilyTorch,
		Download: lint.Range{Value: 985_440_000, Low: 821_200_000, High: 1_108_620_000}}}
	est := EstimateInstall(cu128, Installer{Tool: "pip", PipVersion: "23.2.1"})
	if want := (lint.Range{Value: 3_006_320_000, Low: 2_010_880_000, High: 6_578_685_600}); est.PeakMemory != want {
		t.Errorf("fallback wheel: PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			est := EstimateInstall(torch, tt.inst)
			if est.PeakMemory != tt.want {
				t.Errorf("PeakMemory = %+v, want %+v", est.PeakMemory, tt.want)
			}
			if tt.note != "" && !hasNote(est.Notes, tt.note) {
				t.Errorf("no note with %q in %q", tt.note, est.Notes)
			}
		})
	}
}

func TestEstimateSdistBuilds(t *testing.T) {
	flash := Item{Name: "flash-attn", Version: "2.8.3.post1", File: "flash_attn-2.8.3.post1.tar.gz", Kind: KindSdist,
		Download: lint.Exact(8_451_657), SizeKnown: true, Family: FamilyHeavyNative}
	est := EstimateInstall([]Item{flash}, Installer{Tool: "uv", MaxJobs: 4})
	// uv 0.3–1 GB + 1 build × MAX_JOBS 4 × NVCC_THREADS 4 × 3–5.3 GB.
	want := lint.Range{Value: 300*MB + 80*GB, Low: 300*MB + 48*GB, High: 1*GB + 84_800*MB}
	if est.PeakMemory != want {
		t.Errorf("PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
	if est.Installed != cudaExtensionInstalled {
		t.Errorf("Installed = %+v, want %+v", est.Installed, cudaExtensionInstalled)
	}
	if !hasNote(est.Notes, "flash-attn builds CUDA extensions: 1 build(s) × MAX_JOBS 4 × NVCC_THREADS 4") {
		t.Errorf("no CUDA build note in %q", est.Notes)
	}

	// MAX_JOBS unset and builds unknown: 2 assumed for both.
	est = EstimateInstall([]Item{flash}, Installer{Tool: "uv"})
	if want := (lint.Range{Value: 300*MB + 40*GB, Low: 300*MB + 24*GB, High: 1*GB + 42_400*MB}); est.PeakMemory != want {
		t.Errorf("default MAX_JOBS: PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
	if !hasNote(est.Notes, "MAX_JOBS unset: 2 assumed") || !hasNote(est.Notes, "UV_CONCURRENT_BUILDS unset): 2 assumed") {
		t.Errorf("no default notes in %q", est.Notes)
	}

	// Three plain sdists: uv builds 2 at once, pip 1.
	plain := func(name string) Item {
		return Item{Name: name, Version: "1.0", File: name + "-1.0.tar.gz", Kind: KindSdist, Download: lint.Exact(1 * MB), SizeKnown: true}
	}
	sdists := []Item{plain("a"), plain("b"), plain("c")}
	est = EstimateInstall(sdists, Installer{Tool: "uv"})
	if want := (lint.Range{Value: 300*MB + 1500*MB, Low: 300*MB + 1*GB, High: 1*GB + 2*GB}); est.PeakMemory != want {
		t.Errorf("uv plain builds: PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
	est = EstimateInstall(sdists, Installer{Tool: "pip", NoCache: true})
	if want := (lint.Range{Value: 100*MB + 750*MB, Low: 50*MB + 500*MB, High: 300*MB + 1*GB}); est.PeakMemory != want {
		t.Errorf("pip plain builds: PeakMemory = %+v, want %+v", est.PeakMemory, want)
	}
}

func TestEstimateNotesAndEdges(t *testing.T) {
	items := []Item{
		{Name: "torch", Version: "2.12.1", Kind: KindWheel, Download: lint.Range{Value: 532_261_322, Low: 399_195_992, High: 665_326_653}, Family: FamilyTorch},
		{Name: "gone", Version: "1.0", Kind: KindMissing, Download: lint.Exact(5 * MB)},
	}
	est := EstimateInstall(items, Installer{Tool: "poetry", NoCache: true})
	// CUDA-13-era torch: × 1.6 (1.45–2.11); the missing package counts nothing.
	want := lint.Range{Value: 851_618_115, Low: lowOf(399_195_992, 1.45), High: highOf(665_326_653, 2.11)}
	if est.Installed != want {
		t.Errorf("Installed = %+v, want %+v", est.Installed, want)
	}
	if est.Download != items[0].Download {
		t.Errorf("Download = %+v, want %+v", est.Download, items[0].Download)
	}
	for _, part := range []string{
		`installer "poetry" is not known`,
		"1 of 2 packages have no recorded size",
		"1 package has no artifact for the target",
		"torch 2.12.1 is a compressed CUDA-13-era build",
	} {
		if !hasNote(est.Notes, part) {
			t.Errorf("no note with %q in %q", part, est.Notes)
		}
	}
	if got := EstimateInstall(nil, Installer{Tool: "uv", NoCache: true}); got.Installed != (lint.Range{}) || got.PeakDisk != (lint.Range{}) {
		t.Errorf("empty install = %+v", got)
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{999, "999 B"},
		{1000, "1.0 kB"},
		{53_163, "53.2 kB"},
		{906_389_343, "906.4 MB"},
		{999_960_000, "1.0 GB"},
		{4_058_000_000, "4.1 GB"},
		{-1500, "-1.5 kB"},
	}
	for _, tt := range tests {
		if got := lint.FormatBytes(tt.n); got != tt.want {
			t.Errorf("lint.FormatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatRange(t *testing.T) {
	tests := []struct {
		r    lint.Range
		want string
	}{
		{lint.Exact(906_389_343), "906.4 MB"},
		{lint.Range{Value: 5_600_000_000, Low: 4_700_000_000, High: 6_400_000_000}, "5.6 GB (4.7–6.4 GB)"},
		{lint.Range{Value: 985_440_000, Low: 821_200_000, High: 1_108_620_000}, "985.4 MB (821.2 MB–1.1 GB)"},
		{lint.Range{Value: 0, Low: 0, High: 20 * MB}, "0 B (0 B–20.0 MB)"},
	}
	for _, tt := range tests {
		if got := lint.FormatRange(tt.r); got != tt.want {
			t.Errorf("lint.FormatRange(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func BenchmarkEstimate(b *testing.B) {
	stack := torch251Stack()
	items := make([]Item, 0, 300)
	for i := 0; len(items) < 300; i++ {
		if i < len(stack) {
			items = append(items, stack[i])
			continue
		}
		items = append(items, wheelItem(fmt.Sprintf("pkg%d", i), "1.0", fmt.Sprintf("pkg%d-1.0-py3-none-any.whl", i), int64(10_000+i*1_000)))
	}
	inst := Installer{Tool: "pip", PipVersion: "23.2.1", CompileBytecode: true}
	b.ReportAllocs()
	for b.Loop() {
		EstimateInstall(items, inst)
	}
}

// lowOf and highOf are bytes × the low and high bound of a band of the
// evidence, widened by ratioMargin, as the model rounds them.
func lowOf(n int64, r float64) int64  { return scaleBytes(n, r*(1-ratioMargin)) }
func highOf(n int64, r float64) int64 { return scaleBytes(n, r*(1+ratioMargin)) }

func TestSdistBuilds(t *testing.T) {
	tests := []struct {
		name   string
		wheels []string
		want   SourceBuild
	}{
		{"antlr4-python3-runtime", nil, BuildsUnknown},
		{"antlr4-python3-runtime", []string{"antlr4_python3_runtime-4.13.2-py3-none-any.whl"}, BuildsPython},
		{"pyyaml", []string{"PyYAML-6.0.2-cp313-cp313-manylinux_2_17_x86_64.whl", "PyYAML-6.0.2-py3-none-any.whl"}, BuildsNative},
		{"flash-attn", nil, BuildsCUDA},
	}
	for _, tt := range tests {
		if got := sdistBuilds(tt.name, tt.wheels); got != tt.want {
			t.Errorf("sdistBuilds(%s, %q) = %v, want %v", tt.name, tt.wheels, got, tt.want)
		}
	}
}

// A pure-Python sdist is no C build; a package without any wheel may be
// either: the band allows a C build, the value does not claim one.
func TestEstimateSourceBuildKinds(t *testing.T) {
	sdist := func(name string, b SourceBuild) Item {
		return Item{Name: name, Version: "1.0", File: name + "-1.0.tar.gz", Kind: KindSdist, Download: lint.Exact(1 * MB), SizeKnown: true, Builds: b}
	}
	uvOnly := lint.Range{Value: 300 * MB, Low: 300 * MB, High: 1 * GB}
	est := EstimateInstall([]Item{sdist("antlr4-python3-runtime", BuildsPython)}, Installer{Tool: "uv"})
	if est.PeakMemory != uvOnly || hasNote(est.Notes, "C/C++") || !hasNote(est.Notes, "antlr4-python3-runtime publishes only pure-Python wheels") {
		t.Errorf("pure-Python sdist: PeakMemory = %+v, notes %q", est.PeakMemory, est.Notes)
	}
	est = EstimateInstall([]Item{sdist("antlr4-python3-runtime", BuildsUnknown)}, Installer{Tool: "uv"})
	if want := uvOnly.Add(lint.Range{High: 1 * GB}); est.PeakMemory != want || hasNote(est.Notes, "C/C++") || !hasNote(est.Notes, "whether it compiles C is unknown") {
		t.Errorf("sdist-only package: PeakMemory = %+v, want %+v; notes %q", est.PeakMemory, want, est.Notes)
	}
	est = EstimateInstall([]Item{sdist("pyyaml", BuildsNative)}, Installer{Tool: "uv"})
	if want := uvOnly.Add(lint.Range{Value: 750 * MB, Low: 500 * MB, High: 1 * GB}); est.PeakMemory != want || !hasNote(est.Notes, "1 parallel C/C++ build") {
		t.Errorf("native sdist: PeakMemory = %+v, want %+v; notes %q", est.PeakMemory, want, est.Notes)
	}
}

// The fixed 2 GB of the notes' margin is said beside the peak, not added
// to it: a 30 MB install needs tens of MB, not 2 GB.
func TestEstimateSmallInstallPeakDisk(t *testing.T) {
	items := []Item{wheelItem("six", "1.17.0", "six-1.17.0-py2.py3-none-any.whl", 30*MB)}
	est := EstimateInstall(items, Installer{Tool: "uv", NoCache: true})
	if est.PeakDisk.High > 500*MB || est.PeakDisk.Value < est.Layer.Value {
		t.Errorf("PeakDisk = %s for a 30 MB wheel", lint.FormatRange(est.PeakDisk))
	}
	if !hasNote(est.Notes, "keep 2.0 GB more free for the builder itself, not counted in it") {
		t.Errorf("no headroom note in %q", est.Notes)
	}
}

// On the classic overlay2 store the export keeps no compressed copy: the
// peak disk is the layer and uv's transient files alone, and the note
// says which store was assumed.
func TestEstimateOverlay2Store(t *testing.T) {
	containerd := EstimateInstall(torch251Stack(), Installer{Tool: "uv", NoCache: true})
	overlay := EstimateInstall(torch251Stack(), Installer{Tool: "uv", NoCache: true, ImageStore: StoreOverlay2})
	d := containerd.Download.Value
	want := lint.Range{
		Value: scaleBytes(overlay.Installed.Value, 1.1),
		Low:   scaleBytes(overlay.Installed.Low, 1.1),
		High:  scaleBytes(overlay.Installed.High+906_389_343, 1.1),
	}
	if overlay.PeakDisk != want {
		t.Errorf("overlay2 PeakDisk = %+v, want %+v", overlay.PeakDisk, want)
	}
	if containerd.PeakDisk.Value-overlay.PeakDisk.Value < d {
		t.Errorf("containerd PeakDisk %d is not the overlay2 one %d plus the compressed copy (%d)", containerd.PeakDisk.Value, overlay.PeakDisk.Value, d)
	}
	if overlay.Layer != containerd.Layer || overlay.PeakMemory != containerd.PeakMemory {
		t.Errorf("the store changed the layer or the memory: %+v %+v vs %+v %+v", overlay.Layer, overlay.PeakMemory, containerd.Layer, containerd.PeakMemory)
	}
	if !slices.Contains(overlay.Notes, "estimate: the builder uses the classic overlay2 image store, which keeps no compressed copy of the layer") {
		t.Errorf("overlay2 notes = %q", overlay.Notes)
	}
	if same := EstimateInstall(torch251Stack(), Installer{Tool: "uv", NoCache: true, ImageStore: StoreContainerd}); same.PeakDisk != containerd.PeakDisk {
		t.Errorf("StoreContainerd PeakDisk %+v differs from the default %+v", same.PeakDisk, containerd.PeakDisk)
	}
}
