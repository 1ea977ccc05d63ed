// The cost model: what a dependency install costs in bytes downloaded,
// bytes installed, the size of the image layer, the free disk the build
// needs at its peak and the installer's peak memory.
//
// The model (this file) follows cost-model-evidence.md §5; every constant
// cites the section of those notes and the lock, log or report the figure
// comes from, and every figure is a Range whose band is what the evidence
// allows.

package build

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/wheel"
	"github.com/ballast-dev/ballast/rules/lint"
)

// Classify thresholds.
const (
	// notes §5 (2): "other wheels > 50 MB containing mostly .so" install
	// like the heavy ML libraries.
	heavyWheelBytes = 50 * MB
	// notes §0, §5 (2): pure Python means py3-none-any and < 20 MB;
	// flashinfer_cubin-0.6.6-py3-none-any.whl is 267,661,457 B of GPU code
	// (open-instruct uv.lock) and is classed as heavy native.
	pureWheelBytes = 20 * MB
)

// heavyPrefixes and heavyNames are packages classed heavy native whatever
// their wheel size (notes §5 (2), table row "tensorflow*, jaxlib, vllm, …");
// flash-attn joins them because its wheels, direct URLs without a size,
// are taken as 250 MB (notes §5 (1)).
var heavyPrefixes = []string{"tensorflow", "onnxruntime", "cupy"}

var heavyNames = map[string]bool{
	"jaxlib": true, "vllm": true, "xformers": true, "bitsandbytes": true,
	"flash-attn": true,
}

// compressedNames ship payloads that are already compressed, so their
// wheel barely shrinks them (notes §1g: botocore's .json.gz data, 15.1 MB
// wheel → 19.5 MB installed, measured).
var compressedNames = map[string]bool{"botocore": true}

// cudaExtensionNames build CUDA extensions with nvcc when installed from an
// sdist (notes §2d, §5 (6)).
var cudaExtensionNames = map[string]bool{
	"flash-attn": true, "xformers": true, "deepspeed": true, "apex": true,
	"mamba-ssm": true, "causal-conv1d": true, "flash-attn-3": true,
}

// Classify returns the package family from its normalized name, version
// (with its local label, "+cpu", "+cu124"), the chosen file name and its
// size (0 when unknown). The rules are those of notes §5 (2):
//   - nvidia-* is CUDA, except a small none-any wheel (nvidia-ml-py is
//     53 kB of Python) which is pure;
//   - torch +cpu, and a torch wheel for anything but Linux x86_64/aarch64
//     (macOS, Windows and s390x builds are CPU-only), is torch-cpu; a
//     +cuNNN label or a Linux wheel is torch;
//   - triton (and pytorch-triton) is triton;
//   - tensorflow*, jaxlib, vllm, xformers, bitsandbytes, onnxruntime*,
//     cupy*, flash-attn, and any platform-specific wheel > 50 MB are heavy
//     native;
//   - botocore is compressed;
//   - other platform-specific wheels are native;
//   - none-any wheels are pure below 20 MB and heavy native from 20 MB
//     (flashinfer_cubin ships 267 MB of cubins as py3-none-any).
//
// Sdists and local sources are classed by name, else as pure: their size
// says nothing of what they build.
func Classify(name, version, file string, size int64) Family {
	return classify(name, version, readWheel(file), size)
}

// classify is Classify for a file whose wheel name w has been read.
func classify(name, version string, w wheelInfo, size int64) Family {
	name = uvlock.NormalizeName(name)
	isWheel, anyPlatform := w.isWheel, w.any
	switch {
	case strings.HasPrefix(name, "nvidia-"):
		if anyPlatform && size < pureWheelBytes {
			return FamilyPure
		}
		return FamilyCUDA
	case name == "torch":
		local := LocalLabel(version)
		switch {
		case local == "cpu":
			return FamilyTorchCPU
		case strings.HasPrefix(local, "cu"), !isWheel, w.linux:
			return FamilyTorch
		}
		return FamilyTorchCPU
	case name == "triton" || name == "pytorch-triton":
		return FamilyTriton
	case heavyNames[name] || hasAnyPrefix(name, heavyPrefixes):
		return FamilyHeavyNative
	case compressedNames[name]:
		return FamilyCompressed
	case !isWheel:
		return FamilyPure
	case !anyPlatform && size > heavyWheelBytes:
		return FamilyHeavyNative
	case !anyPlatform:
		return FamilyNative
	case size >= pureWheelBytes:
		return FamilyHeavyNative
	}
	return FamilyPure
}

// ratio is installed bytes / wheel bytes for a family: the value and the
// band of the evidence.
type ratio struct{ value, low, high float64 }

// ratioMargin widens each family's band on both sides. The bands run
// between the ratios of the published installed sizes (notes §1g), but
// those sizes are rounded (py-listener#4's "1.7 GiB" is 1.65–1.75 GiB, 3%
// either way) and the notes' ratios rounded again (IBM TGIS #50's set is
// 1.781, listed 1.78; torch 1.12.1 is 2.112, listed 2.11): without the
// margin, the very points a band was built from fall just outside it.
const ratioMargin = 0.03

// widen applies ratioMargin to a band of the evidence.
func widen(r ratio) ratio {
	return ratio{r.value, r.low * (1 - ratioMargin), r.high * (1 + ratioMargin)}
}

// familyRatio returns the installed/wheel ratio of notes §5 (2), its band
// widened by ratioMargin.
func familyRatio(f Family) ratio { return widen(evidenceRatio(f)) }

// evidenceRatio returns the installed/wheel ratio of notes §5 (2): the
// value and the band of the evidence as the notes give them.
func evidenceRatio(f Family) ratio {
	switch f {
	case FamilyCUDA:
		// notes §1g: nvidia-* sets 1.54 (py-listener#4), 1.57
		// (tenstorrent/tt-inference-server#487), 1.78 (IBM TGIS #50).
		return ratio{1.6, 1.54, 1.78}
	case FamilyTorch:
		// notes §1g: torch CUDA builds 1.96–2.11 over 5 points
		// (py-listener#4 2.01, tt-inference-server#487 1.96,
		// openeo-geopyspark-driver#234 2.11, pytorch#56055 2.05).
		return ratio{2.0, 1.96, 2.11}
	case FamilyTorchCPU:
		// notes §1g: torch 2.11.0+cpu 719 MB installed for a 175–195 MB
		// wheel (vectorize-io/hindsight#1430), doods2#90 ~4.
		return ratio{3.8, 3.7, 4.1}
	case FamilyTriton:
		// notes §1g: one version-ambiguous point, 2.8 (3.2.0) or 4.6 (3.3.x),
		// tt-inference-server#487. Low confidence.
		return ratio{3.5, 2.8, 4.6}
	case FamilyHeavyNative:
		// notes §5 (2): 2.2 by analogy to torch, TensorFlow ≥ 2.3
		// (tensorflow#40492); low confidence, so the band runs from the
		// bundled-CUDA wheel of nntile#423 (1.45) to the generic compiled
		// extension (3.0).
		return ratio{2.2, 1.45, 3.0}
	case FamilyNative:
		// notes §1g: compiled extensions 2.5–4.1 measured (cryptography 3.04,
		// pydantic_core 2.50), scipy ~2.5, pyarrow ~3.4.
		return ratio{3.0, 2.5, 4.1}
	case FamilyCompressed:
		// notes §1g: botocore 1.30 measured, a single point; ±15% assumed.
		return ratio{1.3, 1.1, 1.5}
	default:
		// notes §1g: 11 pure-Python packages 2.2–5.3, median 3.4 (measured).
		return ratio{3.5, 2.2, 5.3}
	}
}

// notes §1a, §5 (2): torch from 2.11 on is a compressed CUDA-13-era build
// (pytorch/pytorch#157791; 2.11.0 is 530.7 MB in NVIDIA-NeMo/RL
// docker/dynamo/uv.lock, 2.10.0 915.7 MB); the notes say use 1.6 and flag.
// The band spans the bundled-CUDA ratio (nntile#423, 1.45) to the old
// torch ratio (2.11).
var compressedTorchRatio = ratio{1.6, 1.45, 2.11}

// Bytecode (notes §1g, §5 (2)): .pyc ≈ 1.43 × .py bytes (measured, CPython
// 3.11); .py files are ~85% of a pure-Python install and ~5% of a binary
// one (the 5% is the notes' assumption).
const (
	pycPerPy        = 1.43
	pyShareOfPure   = 0.85
	pyShareOfBinary = 0.05
)

// notes §3d, §5 (3): uv's cache left in the layer with working hardlinks
// adds metadata only: 2.35 GB vs 2.27 GB image with a cache mount
// (acryldata/datahub-actions#157), +0.08 GB on ~2.3 GB.
const uvLinkedCacheShare = 0.03

// notes §3c: the compressed layer ≈ 1.0 × the download bytes in it, ±15%
// (future-agi#2789 0.94; armory#456 and hindsight#1430 consistent).
const (
	exportPerDownloadLow  = 0.85
	exportPerDownloadHigh = 1.15
)

// notes §3g, §5 (4): pip with a cold cache peaks at I + 2.2–2.6 × D, of
// which 1.0 × D stays as the cache: transient 1.2–1.6 × D, value 1.3.
const (
	pipCacheTransient     = 1.3
	pipCacheTransientLow  = 1.2
	pipCacheTransientHigh = 1.6
)

// notes §5 (4): safety margin on the peak disk, × 1.10 + 2 GB. The 10%
// scales with the install and is in the figure; the 2 GB is free space
// the builder needs whatever the install (its own state, the build
// tree, logs), so it is stated beside the figure and not added to it: a
// 30 MB install does not need 2 GB.
const (
	diskSafetyFactor = 1.10
	diskHeadroom     = 2 * GB
)

// DiskHeadroom is the free disk the builder needs beside an install's
// peak (see diskHeadroom): what a preflight of the machine adds to it.
const DiskHeadroom int64 = diskHeadroom

// Memory constants (notes §2, §5 (6)).
const (
	// notes §2a: pip 23.2.1 measured 50 MB + 3.0 × W (cold cache) and
	// + 4.9 × W (warm cache), ±20%; 51 MB flat with --no-cache-dir.
	pipBaseMemory      = 50 * MB
	pipColdPerWheel    = 3.0
	pipWarmPerWheel    = 4.9
	pipMeasuredSpread  = 0.20
	pipStreamingMemory = 100 * MB // value for pip ≥ 23.3 or --no-cache-dir
	pipStreamingHigh   = 300 * MB // notes §5 (6): 0.05–0.3 GB, resolution unmeasured
	// notes §2b: uv wheel installs 0.3–1 GB, low confidence (uv#7004: 280 MB RES).
	uvMemoryLow  = 300 * MB
	uvMemoryHigh = 1 * GB
	// notes §5 (6): plain C/C++ sdist builds 0.5–1 GB each (assumption).
	plainBuildLow   = 500 * MB
	plainBuildValue = 750 * MB
	plainBuildHigh  = 1 * GB
	// notes §2d: nvcc 3–5 GB per thread (flash-attention#2079: 4 jobs × 4
	// threads ≈ 81 GB); 5 GB is flash-attn's own formula
	// (flash-attention#2493), 5.3 GB PyTorch's flash kernels (pytorch#130443).
	nvccThreadLow   = 3 * GB
	nvccThreadValue = 5 * GB
	nvccThreadHigh  = 5_300 * MB
	// notes §2d: NVCC_THREADS defaults to 4 in flash-attn's build.
	nvccThreads = 4
	// Builders of unknown size: two CPUs assumed for UV_CONCURRENT_BUILDS
	// and MAX_JOBS (uv defaults to the CPU count, notes §2b).
	defaultConcurrentBuilds = 2
)

// notes §1f, §5 (1): a CUDA-extension sdist builds a wheel of the size of
// flash-attn's GitHub wheels (250 MB, unsourced) installed as heavy native
// (× 2.2): a guess, so the band is wide.
var cudaExtensionInstalled = lint.Range{Value: 550 * MB, Low: 100 * MB, High: 1500 * MB}

// pipStreamingCache is the pip release that stopped holding whole wheels
// in memory while caching them (pip NEWS.rst, pypa/pip#11143, notes §2a).
var pipStreamingCache = pep440.Version{Release: []int{23, 3}, Post: -1, Dev: -1}

// EstimateInstall computes installed bytes, layer bytes, peak disk and peak
// memory of an install step from its items (Download and Family set) and
// how the installer runs. It sets items[i].Installed. Every assumption that
// shapes a figure is added to Notes.
func EstimateInstall(items []Item, inst Installer) Estimate {
	var est Estimate
	note := func(format string, args ...any) {
		est.Notes = append(est.Notes, "estimate: "+fmt.Sprintf(format, args...))
	}
	pip := inst.Tool == "pip"
	if !pip && inst.Tool != "uv" {
		note("installer %q is not known; modelled as uv", inst.Tool)
	}
	compile := pip || inst.CompileBytecode

	var (
		wMax                    lint.Range // the largest wheel, bound by bound
		estimatedSizes, missing int
		sdists                  sourceBuilds
		cudaSdists              []string
		compressedTorch         []string
		installed, download     lint.Range
	)
	for i := range items {
		it := &items[i]
		if it.Kind == KindMissing {
			it.Installed = lint.Exact(0)
			missing++
			continue
		}
		download = download.Add(it.Download)
		if !it.SizeKnown && it.Kind != KindLocal {
			estimatedSizes++
		}
		if it.Kind == KindWheel {
			wMax = lint.Range{Value: max(wMax.Value, it.Download.Value), Low: max(wMax.Low, it.Download.Low), High: max(wMax.High, it.Download.High)}
		}
		r := familyRatio(it.Family)
		switch {
		case it.Kind == KindSdist && (it.Builds == BuildsCUDA || cudaExtensionNames[uvlock.NormalizeName(it.Name)]):
			cudaSdists = append(cudaSdists, it.Name)
			it.Installed = cudaExtensionInstalled
			installed = installed.Add(it.Installed)
			continue
		case it.Kind == KindSdist:
			sdists.add(it)
		case it.Family == FamilyTorch && isCompressedTorch(it.Version):
			compressedTorch = append(compressedTorch, it.Version)
			r = widen(compressedTorchRatio)
		}
		base := scaleRange(it.Download, r)
		share := pyShareOfBinary
		if it.Family == FamilyPure {
			share = pyShareOfPure
		}
		if compile {
			base = base.Add(scaleRange(base, ratio{pycPerPy * share, pycPerPy * share, pycPerPy * share}))
		}
		it.Installed = base
		installed = installed.Add(base)
	}
	est.Download = download
	est.Installed = installed

	if estimatedSizes > 0 {
		note("%d of %d packages have no recorded size; their download is an estimate (see each package's size source)", estimatedSizes, len(items))
	}
	if missing > 0 {
		note("%d %s no artifact for the target and %s not counted", missing, lint.Plural(missing, "package has", "packages have"), lint.Plural(missing, "is", "are"))
	}
	if len(compressedTorch) > 0 {
		note("torch %s is a compressed CUDA-13-era build; installed/wheel ratio 1.6 assumed", compressedTorch[0])
	}
	if compile {
		who := "pip compiles bytecode"
		if !pip {
			who = "uv compiles bytecode (--compile-bytecode)"
		}
		note("%s: .pyc ≈ 1.43 × .py bytes, .py taken as 85%% of pure-Python and 5%% of binary installs", who)
	}
	if all := sdists.all(); len(all)+len(cudaSdists) > 0 {
		n := len(all) + len(cudaSdists)
		note("%d %s built from source (%s); the installed size is estimated from the sdist (a CUDA extension as a 250 MB wheel, a guess without a source), and the build tree's disk is not counted",
			n, lint.Plural(n, "package is", "packages are"), strings.Join(append(append([]string(nil), cudaSdists...), all...), ", "))
	}
	est.Layer, est.PeakDisk = diskEstimate(download, installed, wMax, inst, pip, note)
	est.PeakMemory = memoryEstimate(wMax, sdists, cudaSdists, inst, pip, note)
	return est
}

// diskEstimate applies notes §5 (3) and (4): the layer is the installed
// bytes plus whatever cache stays in it; the peak adds the installer's
// transient files, the compressed copy the image store keeps and the cache
// mount, with the safety margin.
func diskEstimate(download, installed, wMax lint.Range, inst Installer, pip bool, note func(string, ...any)) (layer, peak lint.Range) {
	cacheInLayer := !inst.NoCache && !inst.CacheMount
	layer = installed
	var transient, mount lint.Range
	cacheCopiesInExport := 0.0
	switch {
	case pip:
		if inst.NoCache {
			// notes §3g: with --no-cache-dir pip keeps every downloaded wheel
			// in a temp dir until the end: peak = D + I.
			transient = download
		} else {
			transient = scaleRange(download, ratio{pipCacheTransient, pipCacheTransientLow, pipCacheTransientHigh})
		}
		switch {
		case cacheInLayer:
			layer = layer.Add(download)
			cacheCopiesInExport = 1
			note("pip keeps its wheel cache in the layer (no --no-cache-dir, no cache mount): + the download bytes")
		case inst.CacheMount && !inst.NoCache:
			// notes §3g: the cache keeps 1.0 × D after the install.
			mount = download
			note("the pip cache mount lives on the same data disk and holds the downloaded wheels")
		}
	default:
		// notes §2b: uv streams wheels into its cache; only a fallback to
		// a download on disk needs up to the largest wheel.
		transient = lint.Range{High: wMax.High}
		switch {
		case cacheInLayer && inst.LinkMode == "copy":
			layer = layer.Add(installed)
			cacheCopiesInExport = 1
			note("uv's cache stays in the layer and UV_LINK_MODE=copy duplicates it: + the installed bytes")
		case cacheInLayer:
			layer = layer.Add(scaleRange(installed, ratio{uvLinkedCacheShare, uvLinkedCacheShare, uvLinkedCacheShare}))
			note("uv's cache stays in the layer, linked to the environment: + 3%% of the installed bytes (acryldata/datahub-actions#157)")
		case inst.CacheMount && !inst.NoCache:
			mount = installed
			note("the uv cache mount lives on the same data disk and holds the unpacked wheels: + the installed bytes, until build-cache GC")
		}
	}
	// notes §3b, §3c: the containerd image store keeps a compressed copy of
	// the layer, ≈ the download bytes in it; overlay2 keeps the layer alone.
	var exported lint.Range
	if inst.ImageStore == StoreOverlay2 {
		note("the builder uses the classic overlay2 image store, which keeps no compressed copy of the layer")
	} else {
		exported = scaleRange(download, ratio{1 + cacheCopiesInExport, exportPerDownloadLow * (1 + cacheCopiesInExport), exportPerDownloadHigh * (1 + cacheCopiesInExport)})
		note("the builder uses the containerd image store (the Docker Desktop and Engine 29+ default), which keeps a compressed copy of the layer ≈ its download bytes; the classic overlay2 store does not")
	}
	sum := layer.Add(transient).Add(exported).Add(mount)
	peak = scaleRange(sum, ratio{diskSafetyFactor, diskSafetyFactor, diskSafetyFactor})
	note("peak disk includes a safety margin of 10%%; keep %s more free for the builder itself, not counted in it", lint.FormatBytes(diskHeadroom))
	return layer, peak
}

// memoryEstimate applies notes §5 (6): the installer's own memory plus the
// source builds it runs.
func memoryEstimate(wMax lint.Range, sdists sourceBuilds, cudaSdists []string, inst Installer, pip bool, note func(string, ...any)) lint.Range {
	var mem lint.Range
	switch {
	case !pip:
		mem = lint.Range{Value: uvMemoryLow, Low: uvMemoryLow, High: uvMemoryHigh}
	case inst.NoCache:
		mem = lint.Range{Value: pipStreamingMemory, Low: pipBaseMemory, High: pipStreamingHigh}
	default:
		streaming := lint.Range{Value: pipStreamingMemory, Low: pipBaseMemory, High: pipStreamingHigh}
		buffered := lint.Range{
			Value: pipBaseMemory + scaleBytes(wMax.Value, pipColdPerWheel),
			Low:   scaleBytes(pipBaseMemory+scaleBytes(wMax.Low, pipColdPerWheel), 1-pipMeasuredSpread),
			High:  scaleBytes(pipBaseMemory+scaleBytes(wMax.High, pipWarmPerWheel), 1+pipMeasuredSpread),
		}
		if inst.PipVersion == "" {
			// Python images since late 2023 bundle pip ≥ 23.3, so the value
			// is the streaming one; the band keeps the old pip's spike.
			mem = lint.Range{Value: streaming.Value, Low: streaming.Low, High: max(streaming.High, buffered.High)}
			note("pip's version is not pinned: pip ≥ 23.3 assumed for the value, the band includes pip < 23.3, which holds each cached wheel in memory 3.0–4.9 times")
			break
		}
		v, err := pep440.Parse(inst.PipVersion)
		if err == nil && pep440.Compare(v, pipStreamingCache) < 0 {
			mem = buffered
			note("pip %s (< 23.3) holds each cached wheel in memory: 50 MB + 3.0 × the largest wheel (cold cache), up to 4.9 × (warm)", inst.PipVersion)
		} else {
			mem = streaming
		}
	}

	builds := inst.ConcurrentBuilds
	if builds <= 0 {
		builds = defaultConcurrentBuilds
		if len(sdists.native)+len(sdists.unknown)+len(cudaSdists) > 0 {
			note("parallel builds unknown (UV_CONCURRENT_BUILDS unset): %d assumed", builds)
		}
	}
	if pip {
		builds = 1 // pip builds one sdist at a time
	}
	n := min(builds, len(sdists.native))
	if n > 0 {
		mem = mem.Add(lint.Range{Value: int64(n) * plainBuildValue, Low: int64(n) * plainBuildLow, High: int64(n) * plainBuildHigh})
		note("%d parallel C/C++ %s at 0.5–1 GB each (an assumption)", n, lint.Plural(n, "build", "builds"))
	}
	// A pure-Python build runs its build backend only, within the
	// installer's own band. A package with no wheel at all may compile or
	// not: the band allows a C build, the value does not claim one.
	if u := min(builds-n, len(sdists.unknown)); u > 0 {
		mem = mem.Add(lint.Range{High: int64(u) * plainBuildHigh})
		note("%s %s no wheel for any platform, so whether %s C is unknown: 0–1 GB per build allowed in the band",
			lint.JoinShort(sdists.unknown, 3), lint.Plural(len(sdists.unknown), "publishes", "publish"), lint.Plural(len(sdists.unknown), "it compiles", "they compile"))
	}
	if len(sdists.python) > 0 {
		note("%s %s only pure-Python wheels: %s no C", lint.JoinShort(sdists.python, 3), lint.Plural(len(sdists.python), "publishes", "publish"), lint.Plural(len(sdists.python), "its build compiles", "their builds compile"))
	}
	if n := min(builds, len(cudaSdists)); n > 0 {
		jobs := inst.MaxJobs
		if jobs <= 0 {
			jobs = max(inst.ConcurrentBuilds, 0)
			if jobs == 0 {
				jobs = defaultConcurrentBuilds
			}
			note("MAX_JOBS unset: %d assumed (the builder's CPUs)", jobs)
		}
		threads := int64(n * jobs * nvccThreads)
		mem = mem.Add(lint.Range{Value: threads * nvccThreadValue, Low: threads * nvccThreadLow, High: threads * nvccThreadHigh})
		note("%s builds CUDA extensions: %d build(s) × MAX_JOBS %d × NVCC_THREADS %d × 3–5 GB per nvcc thread; allow 16–20 GB per job",
			strings.Join(cudaSdists, ", "), n, jobs, nvccThreads)
	}
	return mem
}

// sourceBuilds are the sdists of an install step other than CUDA
// extensions, by what their build compiles.
type sourceBuilds struct{ native, python, unknown []string }

func (b *sourceBuilds) add(it *Item) {
	switch it.Builds {
	case BuildsPython:
		b.python = append(b.python, it.Name)
	case BuildsUnknown:
		b.unknown = append(b.unknown, it.Name)
	default:
		b.native = append(b.native, it.Name)
	}
}

// all lists them in the order native, unknown, pure Python.
func (b sourceBuilds) all() []string { return slices.Concat(b.native, b.unknown, b.python) }

// isCompressedTorch reports whether a torch version is a compressed
// CUDA-13-era build (2.11 and later, see compressedTorchRatio).
func isCompressedTorch(version string) bool {
	v, err := pep440.Parse(BaseVersion(version))
	if err != nil || len(v.Release) < 2 {
		return false
	}
	return v.Release[0] > 2 || (v.Release[0] == 2 && v.Release[1] >= 11)
}

// scaleRange multiplies each bound of r by the matching bound of k.
func scaleRange(r lint.Range, k ratio) lint.Range {
	return lint.Range{Value: scaleBytes(r.Value, k.value), Low: scaleBytes(r.Low, k.low), High: scaleBytes(r.High, k.high)}
}

// wheelInfo is what the cost model reads from a wheel file name.
type wheelInfo struct {
	isWheel bool // the name parses as a wheel's
	any     bool // every platform tag is "any"
	linux   bool // a platform tag is Linux x86_64 or aarch64 (manylinux, musllinux, linux)
	windows bool // a platform tag is Windows
}

// readWheel reads a file name ("torch-2.8.0%2Bcpu-cp312-cp312-linux_x86_64.whl")
// with parsers/wheel; names that do not parse (sdists) are not wheels.
func readWheel(file string) wheelInfo {
	plats, err := wheel.Platforms(file)
	if err != nil {
		return wheelInfo{}
	}
	w := wheelInfo{isWheel: true, any: len(plats) > 0}
	for _, p := range plats {
		w.any = w.any && p == "any"
		w.linux = w.linux || strings.Contains(p, "linux") && (strings.HasSuffix(p, "_x86_64") || strings.HasSuffix(p, "_aarch64"))
		w.windows = w.windows || strings.HasPrefix(p, "win")
	}
	return w
}

// isLinuxWheelOrUnknown reports whether a recorded Linux x86_64 size can
// stand for the file: unknown files, sdists, pure wheels and Linux wheels.
func isLinuxWheelOrUnknown(file string) bool {
	w := readWheel(file)
	return !w.isWheel || w.any || w.linux
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
