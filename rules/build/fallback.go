package build

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
)

// Download sizes for wheels whose lock entry records none: the PyTorch
// indexes (download.pytorch.org never gets a `size` in uv.lock, notes §0),
// mirrors, and direct URLs such as flash-attn's GitHub releases. Every
// figure is a Linux x86_64 wheel (cp312 unless its comment says otherwise)
// taken from the tables of cost-model-evidence.md; "notes §N" below refers
// to that file's sections.

// Decimal units, as the notes use them.
const (
	kB = 1_000
	MB = 1_000_000
	GB = 1_000_000_000
)

// mb converts a figure quoted in MB with one decimal to bytes.
func mb(x float64) int64 { return int64(math.Round(x * MB)) }

// knownSize is one wheel whose size the notes record.
type knownSize struct {
	version string
	bytes   int64
	source  string
}

// torchPyPI holds the PyPI torch wheel for Linux x86_64 (the CUDA-enabled
// build that depends on nvidia-* wheels), oldest first, one per minor
// release. The +cuNNN builds of the PyTorch index are estimated from it.
var torchPyPI = []knownSize{
	{"2.0.1", mb(619.9), "pip log pytorch/builder#1371"},
	{"2.2.2", 755_466_713, "uv lock.rs"},
	{"2.4.0", 797_168_571, "uv git history"},
	{"2.5.1", 906_389_343, "uv lock.rs and astral-sh/uv#8746"},
	{"2.6.0", 766_624_563, "a uv.lock in a code index"},
	{"2.7.1", mb(821.2), "pip log (cp310) pytorch/pytorch#156706"},
	{"2.8.0", 887_913_624, "uv semantic-kernel snapshot"},
	{"2.9.1", 899_742_281, "karpathy/nanochat uv.lock"},
	{"2.10.0", 915_711_952, "allenai/open-instruct uv.lock"},
	// The compressed CUDA-13-era builds (pytorch/pytorch#157791) start here.
	{"2.11.0", 530_712_279, "NVIDIA-NeMo/RL docker/dynamo/uv.lock at 7ea279ab"},
	{"2.12.1", 532_261_322, "uv transformers snapshot"},
}

// Bands of the torch fallbacks.
var (
	// notes §1b, §5 (1): +cpu wheels measured 174.7–192 MB over 2.1–2.13;
	// "less than 200MB" (pytorch-pfn-extras#608).
	torchCPUDownload = lint.Range{Value: 190 * MB, Low: 175 * MB, High: 200 * MB}
	// notes §5 (1): an unknown torch version is taken as 900 MB, ±25% as
	// for every fallback.
	torchUnknownDownload = lint.Range{Value: 900 * MB, Low: 675 * MB, High: 1125 * MB}
	// notes §1c: Windows CUDA wheels bundle the CUDA libraries:
	// 2.2.1+cu121 win_amd64 2,454.8 MB (oobabooga/textgen#5893), 1.8.0+cu111
	// 3,055.7 MB (rusty1s/pytorch_scatter#202); ±25% around the newer.
	torchWindowsCUDADownload = lint.Range{Value: mb(2454.8), Low: mb(1841.1), High: mb(3068.5)}
	// notes §1f, §5 (1): flash-attn publishes binary wheels only as GitHub
	// release assets with no size in the lock; 250 MB is the notes' own
	// unsourced guess, so the band is wide.
	flashAttnWheelDownload = lint.Range{Value: 250 * MB, Low: 100 * MB, High: 500 * MB}
)

// notes §1c, §5 (1): a +cuNNN Linux wheel of the PyTorch index ≈ the PyPI
// wheel of the same version × 1.2 (1.0–1.35); 2.7.0+cu128 is 1.1 GB against
// 821 MB on PyPI (pytorch/pytorch#157265).
const (
	torchIndexFactor     = 1.2
	torchIndexFactorLow  = 1.0
	torchIndexFactorHigh = 1.35
)

// knownWheels holds, per normalized name, the wheel sizes the notes record
// (oldest first). A figure for the exact version is used as is, ±2% for the
// difference between Python tags; another version gets the span of the
// recorded ones. Built on first use: only a lock's packages need it.
var knownWheels = sync.OnceValue(func() map[string][]knownSize {
	return map[string][]knownSize{
		// notes §1d, columns CUDA 12.1 / 12.4 / 12.6 / 12.8 (pip log
		// pytorch/pytorch#156706 for 12.6, uv lock.rs, open-instruct and
		// nanochat uv.lock otherwise).
		"nvidia-cublas-cu12":       {{"12.1.3.1", mb(410.6), "PyPI"}, {"12.4.5.8", mb(363.4), "PyPI"}, {"12.6.4.1", mb(393.1), "PyPI"}, {"12.8.3.14", mb(609.6), "PyPI"}, {"12.8.4.1", mb(594.3), "PyPI"}, {"12.9.1.4", mb(581.2), "PyPI"}},
		"nvidia-cudnn-cu12":        {{"8.9.2.26", mb(731.7), "PyPI"}, {"9.1.0.70", mb(664.8), "PyPI"}, {"9.5.1.17", mb(571.0), "PyPI"}, {"9.7.1.26", mb(726.9), "PyPI"}, {"9.10.2.21", mb(706.8), "PyPI"}},
		"nvidia-cusparse-cu12":     {{"12.1.0.106", mb(196.0), "PyPI"}, {"12.3.1.170", mb(207.5), "PyPI"}, {"12.5.4.2", mb(216.6), "PyPI"}, {"12.5.8.93", mb(288.2), "PyPI"}, {"12.5.10.65", mb(366.5), "PyPI"}},
		"nvidia-cusparselt-cu12":   {{"0.6.2", mb(150.1), "PyPI"}, {"0.6.3", mb(156.8), "PyPI"}, {"0.7.1", mb(287.2), "PyPI"}},
		"nvidia-nccl-cu12":         {{"2.19.3", mb(166.0), "PyPI"}, {"2.21.5", mb(188.7), "PyPI"}, {"2.26.2", mb(201.3), "PyPI"}, {"2.27.3", mb(322.4), "PyPI"}, {"2.27.5", mb(322.3), "PyPI"}},
		"nvidia-cufft-cu12":        {{"11.0.2.54", mb(121.6), "PyPI"}, {"11.2.1.3", mb(211.5), "PyPI"}, {"11.3.0.4", mb(200.2), "PyPI"}, {"11.3.3.83", mb(193.1), "PyPI"}},
		"nvidia-cusolver-cu12":     {{"11.4.5.107", mb(124.2), "PyPI"}, {"11.6.1.9", mb(127.9), "PyPI"}, {"11.7.1.2", mb(158.2), "PyPI"}, {"11.7.3.90", mb(267.5), "PyPI"}, {"11.7.5.82", mb(338.1), "PyPI"}},
		"nvidia-curand-cu12":       {{"10.3.2.106", mb(56.5), "PyPI"}, {"10.3.5.147", mb(56.3), "PyPI"}, {"10.3.7.77", mb(56.3), "PyPI"}, {"10.3.9.90", mb(63.6), "PyPI"}},
		"nvidia-nvjitlink-cu12":    {{"12.4.127", mb(21.1), "PyPI"}, {"12.6.85", mb(19.7), "PyPI"}, {"12.8.93", mb(39.3), "PyPI"}},
		"nvidia-cuda-runtime-cu12": {{"12.1.105", mb(0.82), "PyPI"}, {"12.4.127", mb(0.88), "PyPI"}, {"12.6.77", mb(0.90), "PyPI"}, {"12.8.90", mb(0.95), "PyPI"}, {"12.9.79", mb(3.5), "PyPI"}},
		"nvidia-cuda-nvrtc-cu12":   {{"12.1.105", mb(23.7), "PyPI"}, {"12.4.127", mb(24.6), "PyPI"}, {"12.6.77", mb(23.7), "PyPI"}, {"12.8.93", mb(88.0), "PyPI"}},
		"nvidia-cuda-cupti-cu12":   {{"12.1.105", mb(14.1), "PyPI"}, {"12.4.127", mb(13.8), "PyPI"}, {"12.6.80", mb(8.9), "PyPI"}, {"12.8.90", mb(10.2), "PyPI"}},
		"nvidia-nvtx-cu12":         {{"12.1.105", mb(0.1), "PyPI"}, {"12.4.127", mb(0.1), "PyPI"}, {"12.6.77", mb(0.1), "PyPI"}, {"12.8.90", mb(0.09), "PyPI"}},
		"nvidia-cufile-cu12":       {{"1.11.1.6", mb(1.1), "PyPI"}, {"1.13.1.3", mb(1.2), "PyPI"}},
		"nvidia-nvshmem-cu12":      {{"3.3.20", mb(124.7), "PyPI"}},
		// notes §1d, CUDA 11 and CUDA 13 rows.
		"nvidia-cudnn-cu11":      {{"8.5.0.96", mb(557.1), "pytorch/builder#1371"}, {"8.7.0.84", mb(728.5), "uv lock.rs"}},
		"nvidia-cublas-cu11":     {{"11.10.3.66", mb(317.1), "pytorch/builder#1371"}, {"11.11.3.6", mb(417.9), "uv lock.rs"}},
		"nvidia-cudnn-cu13":      {{"9.20.0.48", mb(366.2), "uv transformers snapshot"}},
		"nvidia-cublas":          {{"13.1.1.3", mb(423.1), "uv transformers snapshot"}},
		"nvidia-nccl-cu13":       {{"2.29.7", mb(206.0), "uv transformers snapshot"}},
		"nvidia-cusparselt-cu13": {{"0.8.1", mb(170.1), "uv transformers snapshot"}},
		// notes §1f.
		"triton":                 {{"2.0.0", mb(63.3), "P2Enjoy/kohya_ss-docker#16"}, {"2.2.0", mb(167.9), "PyPI"}, {"3.0.0", mb(209.5), "PyPI"}, {"3.1.0", mb(209.6), "PyPI"}, {"3.2.0", mb(253.2), "PyPI"}, {"3.3.0", mb(156.5), "PyPI"}, {"3.4.0", mb(155.6), "PyPI"}, {"3.5.1", mb(170.5), "PyPI"}, {"3.6.0", mb(188.3), "PyPI"}, {"3.7.1", mb(197.7), "PyPI"}},
		"tensorflow":             {{"2.9.0", mb(511.7), "PyPI (cp310)"}, {"2.15.1", mb(475.3), "PyPI (cp311)"}, {"2.16.1", mb(589.8), "PyPI (cp311), optuna/optuna-examples#260"}},
		"tensorflow-cpu":         {{"2.9.0", mb(207.5), "PyPI"}, {"2.15.1", mb(207.2), "PyPI"}, {"2.16.1", mb(214.1), "optuna/optuna-examples#260"}},
		"jaxlib":                 {{"0.4.13", mb(71.6), "PyPI (cp311)"}, {"0.4.30", mb(79.7), "PyPI"}, {"0.4.31", mb(88.2), "PyPI"}, {"0.5.0", mb(102.0), "PyPI"}},
		"xformers":               {{"0.0.28.post3", mb(16.7), "open-instruct"}, {"0.0.29.post2", mb(44.3), "open-instruct"}, {"0.0.30", mb(31.5), "open-instruct"}, {"0.0.32.post1", mb(117.2), "open-instruct"}},
		"vllm":                   {{"0.6.6.post1", mb(201.1), "open-instruct"}, {"0.8.2", mb(293.6), "open-instruct"}, {"0.8.5.post1", mb(326.4), "open-instruct"}, {"0.9.1", mb(394.6), "open-instruct"}, {"0.11.0", mb(438.2), "open-instruct"}, {"0.12.0", mb(466.5), "open-instruct"}, {"0.14.1", mb(495.4), "open-instruct"}, {"0.16.0", mb(508.3), "open-instruct"}, {"0.19.1", mb(433.1), "open-instruct"}},
		"bitsandbytes":           {{"0.45.0", mb(69.1), "open-instruct"}, {"0.46.0", mb(67.0), "open-instruct"}, {"0.48.1", mb(60.1), "open-instruct"}, {"0.49.1", mb(59.1), "open-instruct"}},
		"onnxruntime":            {{"1.17.1", mb(6.8), "PyPI"}, {"1.20.1", mb(13.3), "PyPI"}, {"1.22.1", mb(16.5), "PyPI"}, {"1.24.3", mb(17.2), "PyPI"}, {"1.27.0", mb(18.7), "PyPI"}},
		"onnxruntime-gpu":        {{"1.19.2", mb(226.2), "PyPI (cp311), microsoft/onnxruntime#23079"}},
		"cupy-cuda12x":           {{"13.6.0", mb(112.9), "PyPI"}},
		"opencv-python":          {{"4.10.0.84", mb(62.5), "PyPI"}, {"4.11.0.86", mb(63.0), "PyPI"}},
		"opencv-python-headless": {{"4.9.0.80", mb(49.6), "PyPI"}, {"4.11.0.86", mb(50.0), "PyPI"}, {"4.13.0.92", mb(57.7), "PyPI"}},
		"scipy":                  {{"1.13.1", mb(38.2), "PyPI"}, {"1.15.3", mb(37.3), "PyPI"}, {"1.16.3", mb(35.7), "PyPI"}, {"1.17.1", mb(35.2), "PyPI"}},
		"numpy":                  {{"1.26.4", mb(18.0), "PyPI"}, {"2.0.2", mb(19.2), "PyPI"}, {"2.2.6", mb(16.5), "PyPI"}, {"2.4.6", mb(16.6), "PyPI"}},
		"pandas":                 {{"2.2.3", mb(12.7), "PyPI"}, {"2.3.2", mb(12.0), "PyPI"}, {"2.3.3", mb(12.4), "PyPI"}, {"3.0.3", mb(10.9), "PyPI"}},
		"pyarrow":                {{"21.0.0", mb(42.8), "PyPI"}, {"24.0.0", mb(48.9), "PyPI"}},
		"transformers":           {{"4.47.1", mb(10.1), "PyPI"}, {"4.57.3", mb(12.0), "PyPI"}, {"5.4.0", mb(10.1), "PyPI"}},
		"tokenizers":             {{"0.15.2", mb(3.6), "PyPI"}, {"0.22.1", mb(3.3), "PyPI"}},
		"safetensors":            {{"0.7.0", mb(0.5), "PyPI"}},
		"flashinfer-cubin":       {{"0.6.6", 267_661_457, "open-instruct uv.lock"}},
	}
})

// exactVersionBand is the spread allowed when a recorded figure of the
// same version stands in for the file: wheels of one release for other
// Python tags differ by < 0.1% (torch 2.5.1 cp311/cp312/cp313, notes §1a).
const exactVersionBand = 0.02

// FallbackDownload estimates a wheel's download size when the lock records
// none. It knows torch +cpu and +cuNNN builds, the recorded wheels of
// knownWheels, and flash-attn's GitHub release wheels; the string cites the
// figure for output. ok is false when nothing is known: the caller then
// uses GenericFallback.
func FallbackDownload(name, version, file string) (lint.Range, string, bool) {
	name = uvlock.NormalizeName(name)
	if name == "torch" {
		return torchFallback(version, file)
	}
	if (name == "flash-attn" || name == "flash-attn-4") && strings.HasSuffix(file, ".whl") {
		return flashAttnWheelDownload, fmt.Sprintf("flash-attn %s wheel: 250 MB guess without a source", version), true
	}
	sizes, ok := knownWheels()[name]
	if !ok || !isLinuxWheelOrUnknown(file) {
		return lint.Range{}, "", false
	}
	return fromKnown(name, version, sizes)
}

// torchFallback applies notes §5 (1) to a torch wheel without a size.
func torchFallback(version, file string) (lint.Range, string, bool) {
	local := LocalLabel(version)
	w := readWheel(file)
	switch {
	case local == "cpu":
		return torchCPUDownload, fmt.Sprintf("torch %s fallback: +cpu wheels are 175–200 MB", version), true
	case strings.HasPrefix(local, "cu") && w.windows:
		return torchWindowsCUDADownload, fmt.Sprintf("torch %s fallback: Windows CUDA wheels bundle CUDA, 2,454.8 MB ±25%%", version), true
	case w.isWheel && !w.linux:
		return lint.Range{}, "", false
	}
	ref, found := torchReference(version)
	if !found {
		return torchUnknownDownload, fmt.Sprintf("torch %s fallback: version not in the table, 900 MB ±25%%", version), true
	}
	if strings.HasPrefix(local, "cu") {
		r := lint.Range{
			Value: scaleBytes(ref.bytes, torchIndexFactor),
			Low:   scaleBytes(ref.bytes, torchIndexFactorLow),
			High:  scaleBytes(ref.bytes, torchIndexFactorHigh),
		}
		return r, fmt.Sprintf("torch %s fallback: PyPI size of %s (%s) × 1.0–1.35", version, ref.version, lint.FormatBytes(ref.bytes)), true
	}
	return nearVersion(ref.bytes, ref.version == BaseVersion(version)),
		fmt.Sprintf("torch %s fallback: PyPI size of %s, %s", version, ref.version, ref.source), true
}

// torchReference finds the PyPI wheel of the same release, else of the
// same minor release.
func torchReference(version string) (knownSize, bool) {
	base := BaseVersion(version)
	v, err := pep440.Parse(base)
	if err != nil || len(v.Release) < 2 {
		return knownSize{}, false
	}
	var sameMinor knownSize
	found := false
	for _, k := range torchPyPI {
		if k.version == base {
			return k, true
		}
		kv, err := pep440.Parse(k.version)
		if err == nil && kv.Release[0] == v.Release[0] && kv.Release[1] == v.Release[1] {
			sameMinor, found = k, true
		}
	}
	return sameMinor, found
}

// fromKnown uses the recorded figure of the version, else the span of the
// recorded versions with the newest as the value.
func fromKnown(name, version string, sizes []knownSize) (lint.Range, string, bool) {
	base := BaseVersion(version)
	for _, k := range sizes {
		if k.version == base {
			return nearVersion(k.bytes, true), fmt.Sprintf("%s %s: recorded size %s, %s", name, version, lint.FormatBytes(k.bytes), k.source), true
		}
	}
	r := lint.Range{Value: sizes[len(sizes)-1].bytes, Low: sizes[0].bytes, High: sizes[0].bytes}
	for _, k := range sizes {
		r.Low = min(r.Low, k.bytes)
		r.High = max(r.High, k.bytes)
	}
	return r, fmt.Sprintf("%s %s: no figure for this version; span of %s–%s wheels, %s", name, version, sizes[0].version, sizes[len(sizes)-1].version, sizes[len(sizes)-1].source), true
}

// nearVersion is the band around a recorded figure: ±2% when it is the
// same release, ±25% (the notes' band for fallbacks, §5 (1)) otherwise.
func nearVersion(n int64, sameRelease bool) lint.Range {
	f := 0.25
	if sameRelease {
		f = exactVersionBand
	}
	return lint.Range{Value: n, Low: scaleBytes(n, 1-f), High: scaleBytes(n, 1+f)}
}

// GenericFallback is the wide band used when FallbackDownload knows
// nothing about a package: it spans the wheels of the family seen in the
// notes' tables, so it says little more than the order of magnitude.
func GenericFallback(kind ArtifactKind, family Family) lint.Range {
	switch kind {
	case KindLocal, KindMissing:
		return lint.Exact(0)
	case KindSdist:
		// notes §1f: sdists seen 1.4 MB (deepspeed) – 8.4 MB (flash-attn).
		return lint.Range{Value: 2 * MB, Low: 10 * kB, High: 20 * MB}
	default:
	}
	switch family {
	case FamilyCUDA:
		// notes §1d: nvidia-* wheels from 0.09 MB (nvtx) to 731.7 MB (cudnn).
		return lint.Range{Value: 200 * MB, Low: 90 * kB, High: mb(731.7)}
	case FamilyTorch:
		// notes §1a: PyPI torch 532–916 MB, × 1.35 for index builds (§1c).
		return lint.Range{Value: 900 * MB, Low: 532 * MB, High: 1237 * MB}
	case FamilyTorchCPU:
		return torchCPUDownload
	case FamilyTriton:
		// notes §1f: triton 63.3–253.2 MB.
		return lint.Range{Value: 190 * MB, Low: mb(63.3), High: mb(253.2)}
	case FamilyHeavyNative:
		// notes §1f: heavy binary wheels 50 MB (the family's threshold) –
		// 589.8 MB (tensorflow 2.16.1).
		return lint.Range{Value: 250 * MB, Low: 50 * MB, High: mb(589.8)}
	case FamilyNative:
		// notes §1f: compiled extensions 0.5 MB (safetensors) – 50 MB.
		return lint.Range{Value: 5 * MB, Low: 100 * kB, High: 50 * MB}
	case FamilyCompressed:
		// notes §1g: botocore 15.1 MB.
		return lint.Range{Value: 15 * MB, Low: 10 * MB, High: 20 * MB}
	default:
		// Pure Python below the 20 MB threshold of Classify.
		return lint.Range{Value: 500 * kB, Low: 0, High: 20 * MB}
	}
}

// scaleBytes multiplies a byte count by a factor, rounding to a byte.
func scaleBytes(n int64, f float64) int64 { return int64(math.Round(float64(n) * f)) }

// BaseVersion drops the local label: "2.5.1+cu124" → "2.5.1".
func BaseVersion(version string) string {
	if before, _, ok := strings.Cut(version, "+"); ok {
		return before
	}
	return version
}

// LocalLabel returns the local label in lower case: "2.5.1+cu124" → "cu124".
func LocalLabel(version string) string {
	if _, after, ok := strings.Cut(version, "+"); ok {
		return strings.ToLower(after)
	}
	return ""
}
