package pep508

import "strings"

// Env is the marker environment of a target interpreter: the value of each
// PEP 508 variable. Fields left "" are unknown; a comparison against an
// unknown value is a comparison against "".
type Env struct {
	PythonVersion                string // "3.12"
	PythonFullVersion            string // "3.12.7"
	SysPlatform                  string // "linux", "darwin", "win32"
	PlatformMachine              string // "x86_64", "aarch64", "arm64", "AMD64", …
	PlatformSystem               string // "Linux", "Darwin", "Windows"
	PlatformRelease              string // kernel release; unknown for an image
	PlatformVersion              string // kernel build string; unknown for an image
	OSName                       string // "posix", "nt"
	ImplementationName           string // "cpython", "pypy"
	ImplementationVersion        string // the interpreter's own version
	PlatformPythonImplementation string // "CPython", "PyPy"
}

// NewEnv builds the marker environment of an interpreter.
//
// implementation is "cpython" or "pypy". python is "3.12" or "3.12.7": when
// only the minor version is known, python_full_version is taken to be its
// first release, "3.12.0", so `python_full_version >= '3.12.4'` is false;
// callers that know the patch release (an image that pins it) pass it or set
// PythonFullVersion. os is "linux", "darwin" or "windows", arch a Docker/Go
// architecture ("amd64", "arm64", "arm", "386", "ppc64le", "s390x",
// "riscv64"), mapped to the platform_machine the interpreter reports there;
// values outside those lists are passed through unchanged.
//
// platform_release and platform_version stay unknown (""). For PyPy the
// implementation version (PyPy's own, such as 7.3.17) is unknown too; for
// CPython it equals python_full_version.
func NewEnv(implementation, python, os, arch string) Env {
	minor, full := pythonVersions(python)
	env := Env{
		PythonVersion:      minor,
		PythonFullVersion:  full,
		SysPlatform:        os,
		PlatformMachine:    machine(os, arch),
		PlatformSystem:     os,
		OSName:             "posix",
		ImplementationName: strings.ToLower(implementation),
	}
	switch os {
	case "linux":
		env.PlatformSystem = "Linux"
	case "darwin":
		env.PlatformSystem = "Darwin"
	case "windows":
		env.SysPlatform, env.PlatformSystem, env.OSName = "win32", "Windows", "nt"
	}
	switch env.ImplementationName {
	case "cpython":
		env.PlatformPythonImplementation = "CPython"
		env.ImplementationVersion = full
	case "pypy":
		env.PlatformPythonImplementation = "PyPy"
	default:
		env.PlatformPythonImplementation = implementation
	}
	return env
}

// pythonVersions splits "3.12.7" into "3.12" and "3.12.7"; "3.12" gives
// "3.12" and "3.12.0".
func pythonVersions(python string) (minor, full string) {
	parts := strings.Split(python, ".")
	if len(parts) < 2 {
		return python, python + ".0.0"
	}
	minor = parts[0] + "." + parts[1]
	if len(parts) == 2 {
		return minor, python + ".0"
	}
	return minor, python
}

func machine(os, arch string) string {
	switch os {
	case "linux":
		switch arch {
		case "amd64":
			return "x86_64"
		case "arm64":
			return "aarch64"
		case "arm":
			return "armv7l"
		case "386":
			return "i686"
		}
	case "darwin":
		if arch == "amd64" {
			return "x86_64"
		}
	case "windows":
		switch arch {
		case "amd64":
			return "AMD64"
		case "arm64":
			return "ARM64"
		case "386":
			return "x86"
		}
	}
	return arch
}
