package pep508

import "testing"

func TestNewEnv(t *testing.T) {
	linux := func(machine string) Env {
		return Env{
			PythonVersion: "3.12", PythonFullVersion: "3.12.0", SysPlatform: "linux",
			PlatformMachine: machine, PlatformSystem: "Linux", OSName: "posix",
			ImplementationName: "cpython", ImplementationVersion: "3.12.0",
			PlatformPythonImplementation: "CPython",
		}
	}
	darwin := func(machine string) Env {
		e := linux(machine)
		e.SysPlatform, e.PlatformSystem = "darwin", "Darwin"
		return e
	}
	windows := func(machine string) Env {
		e := linux(machine)
		e.SysPlatform, e.PlatformSystem, e.OSName = "win32", "Windows", "nt"
		return e
	}
	tests := []struct {
		os, arch string
		want     Env
	}{
		{"linux", "amd64", linux("x86_64")},
		{"linux", "arm64", linux("aarch64")},
		{"linux", "arm", linux("armv7l")},
		{"linux", "386", linux("i686")},
		{"linux", "ppc64le", linux("ppc64le")},
		{"linux", "s390x", linux("s390x")},
		{"linux", "riscv64", linux("riscv64")},
		{"darwin", "arm64", darwin("arm64")},
		{"darwin", "amd64", darwin("x86_64")},
		{"windows", "amd64", windows("AMD64")},
		{"windows", "arm64", windows("ARM64")},
		{"windows", "386", windows("x86")},
	}
	for _, tt := range tests {
		if got := NewEnv("cpython", "3.12", tt.os, tt.arch); got != tt.want {
			t.Errorf("NewEnv(cpython, 3.12, %s, %s) = %+v, want %+v", tt.os, tt.arch, got, tt.want)
		}
	}
}

func TestNewEnvVersions(t *testing.T) {
	tests := []struct {
		implementation, python     string
		minor, full, impl, implVer string
	}{
		{"cpython", "3.12", "3.12", "3.12.0", "CPython", "3.12.0"},
		{"cpython", "3.12.7", "3.12", "3.12.7", "CPython", "3.12.7"},
		{"CPython", "3.9.18", "3.9", "3.9.18", "CPython", "3.9.18"},
		{"cpython", "3", "3", "3.0.0", "CPython", "3.0.0"},
		{"pypy", "3.10", "3.10", "3.10.0", "PyPy", ""},
	}
	for _, tt := range tests {
		e := NewEnv(tt.implementation, tt.python, "linux", "amd64")
		if e.PythonVersion != tt.minor || e.PythonFullVersion != tt.full ||
			e.PlatformPythonImplementation != tt.impl || e.ImplementationVersion != tt.implVer {
			t.Errorf("NewEnv(%s, %s) = python_version %q, python_full_version %q, platform_python_implementation %q, implementation_version %q; want %q, %q, %q, %q",
				tt.implementation, tt.python, e.PythonVersion, e.PythonFullVersion, e.PlatformPythonImplementation, e.ImplementationVersion,
				tt.minor, tt.full, tt.impl, tt.implVer)
		}
	}
	if e := NewEnv("pypy", "3.10", "linux", "amd64"); e.ImplementationName != "pypy" {
		t.Errorf("implementation_name = %q, want pypy", e.ImplementationName)
	}
}
