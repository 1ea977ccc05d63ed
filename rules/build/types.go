package build

import "github.com/ballast-dev/ballast/rules/lint"

// Family groups packages whose installed size relates to their download in
// the same way (see model.go).
type Family int

// The families of the model, heaviest first.
const (
	FamilyPure        Family = iota // pure Python: py3-none-any and small
	FamilyCUDA                      // nvidia-* CUDA runtime wheels
	FamilyTorch                     // torch (CUDA builds, +cuNNN and PyPI Linux x86_64)
	FamilyTorchCPU                  // torch +cpu, and torch for macOS/Windows/aarch64
	FamilyTriton                    // triton
	FamilyHeavyNative               // tensorflow, jaxlib, vllm, xformers, onnxruntime, cupy, …, or any binary wheel > 50 MB
	FamilyNative                    // other platform-specific wheels (compiled extensions)
	FamilyCompressed                // wheels whose payload is already compressed (botocore)
)

// ArtifactKind says how a package gets into the environment.
type ArtifactKind string

// The artifact kinds.
const (
	KindWheel   ArtifactKind = "wheel"   // a compatible wheel is downloaded and unpacked
	KindSdist   ArtifactKind = "sdist"   // no compatible wheel: the sdist is downloaded and built
	KindLocal   ArtifactKind = "local"   // git, path, directory or editable source: built from local code
	KindMissing ArtifactKind = "missing" // no compatible wheel and no sdist: uv fails
)

// SourceBuild says what building a package from source compiles, as far as
// the lock tells: the wheels it publishes for other platforms.
type SourceBuild int

// The build kinds.
const (
	BuildsNothing SourceBuild = iota // a wheel is installed: no build
	BuildsPython                     // an sdist whose published wheels are all pure Python (none-any)
	BuildsNative                     // an sdist whose package publishes platform wheels: compiled code
	BuildsCUDA                       // an sdist of a known CUDA extension (flash-attn, xformers, …)
	BuildsUnknown                    // an sdist of a package that publishes no wheel: the lock cannot tell
)

// Item is one package of an install set with the artifact chosen for the
// target.
type Item struct {
	Name, Version string
	// File is the chosen artifact's file name; empty for local builds.
	File string
	Kind ArtifactKind
	// Download is the chosen artifact's size: exact when the lock records
	// it (SizeKnown), else a fallback estimate with its band.
	Download  lint.Range
	SizeKnown bool
	// SizeSource cites where a fallback size comes from; empty when exact.
	SizeSource string
	Family     Family
	// Builds says what a source build (Kind sdist) compiles.
	Builds SourceBuild
	// Installed is filled by Estimate.
	Installed lint.Range
	// Index, URL and Hash locate the chosen artifact (the package's
	// registry, the file's URL, its "sha256:…" hash), for --fetch-sizes.
	Index, URL, Hash string
}

// Installer describes how the install step runs, as far as it changes
// disk and memory: the tool, its cache, its concurrency.
type Installer struct {
	// Tool is "uv" or "pip".
	Tool string
	// PipVersion is the pinned pip version ("23.2.1"), empty when unknown.
	PipVersion string
	// CacheMount is true when the RUN mounts a cache at the tool's cache dir.
	CacheMount bool
	// NoCache is true for uv --no-cache / UV_NO_CACHE and pip --no-cache-dir.
	NoCache bool
	// LinkMode is uv's link mode ("copy", "clone", "hardlink", "symlink");
	// empty means the default.
	LinkMode string
	// CompileBytecode is uv --compile-bytecode / UV_COMPILE_BYTECODE; pip
	// always compiles.
	CompileBytecode bool
	// ConcurrentBuilds is UV_CONCURRENT_BUILDS (0: unknown, the builder's CPUs);
	// MaxJobs is MAX_JOBS for CUDA extension builds (0: unset).
	ConcurrentBuilds, MaxJobs int
	// ImageStore is the builder's image store: the containerd store (the
	// default, also when empty) keeps a compressed copy of each layer
	// that the classic overlay2 store does not.
	ImageStore ImageStore
}

// ImageStore is where the Docker engine keeps image layers.
type ImageStore string

// The image stores the cost model tells apart.
const (
	// StoreContainerd is the containerd image store (Docker Desktop's and
	// Engine 29+'s default): the model's default when the store is unknown.
	StoreContainerd ImageStore = "containerd"
	// StoreOverlay2 is the classic graph driver store (overlay2, and the
	// other graph drivers: fuse-overlayfs, btrfs, zfs, vfs).
	StoreOverlay2 ImageStore = "overlay2"
)

// Estimate is the cost of one install step.
type Estimate struct {
	Download   lint.Range // Σ chosen artifact sizes
	Installed  lint.Range // bytes written into the environment
	Layer      lint.Range // uncompressed bytes of the RUN's layer
	PeakDisk   lint.Range // free disk the step needs on the builder
	PeakMemory lint.Range // peak memory of the installer
	// Notes say what the estimate assumed ("3 packages have no size in the
	// lock; their download is estimated").
	Notes []string
}

// String names a family as the output does.
func (f Family) String() string {
	switch f {
	case FamilyCUDA:
		return "cuda"
	case FamilyTorch, FamilyTorchCPU:
		return "torch"
	case FamilyTriton, FamilyHeavyNative, FamilyNative, FamilyCompressed:
		return "native"
	default:
	}
	return "pure"
}
