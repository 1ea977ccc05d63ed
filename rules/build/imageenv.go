package build

import (
	"slices"
	"strings"
)

// The environment a base image's config sets: the names of its ENV
// variables, for the rules that must know whether a variable is defined
// before the Dockerfile sets it (BK011) or whether the base already sets
// an option (PIP_NO_CACHE_DIR for DL3042). Only images whose build files
// were read are tabled; every other image's environment is unknown, and a
// rule that needs it stays silent. Each row is the union over the tags
// the row reads, so a name a tag dropped long ago still counts as set:
// silence over a guess.

// ImageEnv is the ENV of a base image's config.
type ImageEnv struct {
	// names are the variables every or some tag sets, sorted.
	names []string
	// prefixes cover families of names too many to list (nvidia/cuda's
	// NV_LIBNPP_VERSION, NV_CUDNN_PACKAGE, …).
	prefixes []string
}

// Sets reports whether the image sets name (PATH counts for every Linux
// image: the runtime and BuildKit give it to every stage).
func (e ImageEnv) Sets(name string) bool {
	if name == "PATH" {
		return true
	}
	if _, ok := slices.BinarySearch(e.names, name); ok {
		return true
	}
	for _, p := range e.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// imageEnvFamily is one row of the ENV table: the repositories it covers
// (as the families of images.go name them) and what their configs set.
type imageEnvFamily struct {
	repos []string
	// tags, when set, limits the row to the tags it reports true for; a
	// tag it refuses is unknown.
	tags func(tag string) bool
	env  ImageEnv
}

// pythonImageEnv is what the official python image's Linux Dockerfiles
// set (github.com/docker-library/python, Dockerfile-linux.template and
// its history): PATH, LANG, GPG_KEY and PYTHON_VERSION always;
// PYTHON_SHA256 since 2024; PYTHON_PIP_VERSION, PYTHON_SETUPTOOLS_VERSION,
// PYTHON_GET_PIP_URL and PYTHON_GET_PIP_SHA256 in older tags.
var pythonImageEnv = ImageEnv{names: []string{
	"GPG_KEY", "LANG", "PATH", "PYTHON_GET_PIP_SHA256", "PYTHON_GET_PIP_URL",
	"PYTHON_PIP_VERSION", "PYTHON_SETUPTOOLS_VERSION", "PYTHON_SHA256", "PYTHON_VERSION",
}}

// cudaImageEnv is what nvidia/cuda's base, runtime, devel and cudnn
// Dockerfiles set (gitlab.com/nvidia/container-images/cuda, dist/*/*/):
// CUDA_VERSION, PATH and LD_LIBRARY_PATH in every flavour, NCCL_VERSION in
// runtime, LIBRARY_PATH in devel, CUDNN_VERSION and CUDA_PKG_VERSION in
// older tags, and a family of NV_* and NVIDIA_* package and driver
// variables (NVARCH, NV_CUDA_CUDART_VERSION, NVIDIA_VISIBLE_DEVICES,
// NVIDIA_DRIVER_CAPABILITIES, NVIDIA_REQUIRE_CUDA, …).
var cudaImageEnv = ImageEnv{
	names: []string{
		"CUDA_PKG_VERSION", "CUDA_VERSION", "CUDNN_VERSION", "LD_LIBRARY_PATH",
		"LIBRARY_PATH", "NCCL_VERSION", "NVARCH", "PATH",
	},
	prefixes: []string{"NV_", "NVIDIA_"},
}

// distroImageEnv is the environment of the bare distribution images
// (debian, ubuntu, alpine, busybox: docker-library/official-images build
// them from a root filesystem with no ENV), and of scratch.
var distroImageEnv = ImageEnv{}

// imageEnvFamilies is the table, laid out by the compiler: its names are
// written sorted (TestImageEnvNamesSorted) rather than sorted at start-up.
var imageEnvFamilies = []imageEnvFamily{
	{repos: []string{"python"}, tags: linuxPythonTag, env: pythonImageEnv},
	{repos: []string{"nvidia/cuda", "nvcr.io/nvidia/cuda"}, env: cudaImageEnv},
	{repos: []string{"debian", "ubuntu", "alpine", "busybox"}, env: distroImageEnv},
}

// linuxPythonTag refuses the Windows tags of the python image, whose
// Dockerfiles set a different environment.
func linuxPythonTag(tag string) bool {
	return !strings.Contains(tag, "windowsservercore") && !strings.Contains(tag, "nanoserver")
}

// LookupImageEnv returns the ENV of a base image reference, and false when
// the table does not know the image. scratch is known and sets nothing.
// The tag does not matter but for the rows that say so: a reference by
// digest alone is known when its repository is.
func LookupImageEnv(ref string) (ImageEnv, bool) {
	if ref == "scratch" {
		return distroImageEnv, true
	}
	if ref == "" || strings.ContainsAny(ref, "$") {
		return ImageEnv{}, false
	}
	repo, tag := splitRef(ref)
	repo = hubName(repo)
	for _, f := range imageEnvFamilies {
		if slices.Contains(f.repos, repo) {
			if f.tags != nil && !f.tags(tag) {
				return ImageEnv{}, false
			}
			return f.env, true
		}
	}
	return ImageEnv{}, false
}
