package build

import "strings"

// The programs a base image ships on PATH, as far as the rules that call
// them need to know (BA108: a HEALTHCHECK that runs curl or wget). Only
// images whose build files were read are tabled; every other image is
// unknown, and a rule that needs it stays silent.

// ImageTools is what a base image has on PATH.
type ImageTools struct {
	Curl, Wget bool
	// Python is the name the image's Python answers to ("python",
	// "python3"), "" when it has none on PATH.
	Python string
	// Shell is false for images with no /bin/sh (distroless).
	Shell bool
}

// LookupImageTools returns the tools of a base image reference, and false
// when the table does not know the image:
//   - python (github.com/docker-library/python): the full tags build on
//     buildpack-deps, which installs curl and wget; -slim installs
//     neither; -alpine has BusyBox's wget;
//   - ghcr.io/astral-sh/uv's pythonX.Y-<variant> tags build on the python
//     image of that variant;
//   - debian and ubuntu: neither curl nor wget;
//   - alpine and busybox: BusyBox's wget, no curl;
//   - gcr.io/distroless: no shell, no curl, no wget; python3 images run
//     python3.
func LookupImageTools(ref string) (ImageTools, bool) {
	if ref == "" || strings.Contains(ref, "$") {
		return ImageTools{}, false
	}
	repo, tag := splitRef(ref)
	if tag == "" {
		return ImageTools{}, false
	}
	repo = hubName(repo)
	switch {
	case repo == "python":
		return pythonTools(tag)
	case repo == "ghcr.io/astral-sh/uv":
		if m := uvPythonTag().FindStringSubmatch(tag); m != nil {
			return pythonTools(m[3])
		}
	case repo == "debian" || repo == "ubuntu":
		return ImageTools{Shell: true}, true
	case repo == "alpine" || repo == "busybox":
		return ImageTools{Wget: true, Shell: true}, true
	case strings.HasPrefix(repo, "gcr.io/distroless/"):
		if m := distrolessName().FindStringSubmatch(repo); m != nil {
			t := ImageTools{}
			if m[1] == "python3" {
				t.Python = "python3"
			}
			return t, true
		}
	}
	return ImageTools{}, false
}

// pythonTools reads the variant of a python image tag.
func pythonTools(tag string) (ImageTools, bool) {
	switch {
	case strings.Contains(tag, "windowsservercore") || strings.Contains(tag, "nanoserver"):
		return ImageTools{}, false
	case strings.Contains(tag, "alpine"):
		return ImageTools{Wget: true, Python: "python", Shell: true}, true
	case strings.Contains(tag, "slim"):
		return ImageTools{Python: "python", Shell: true}, true
	}
	return ImageTools{Curl: true, Wget: true, Python: "python", Shell: true}, true
}
