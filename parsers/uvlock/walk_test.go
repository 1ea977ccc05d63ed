package uvlock

import (
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/pep508"
)

// walkLock is a small workspace exercising every part of the walk: a root
// with an extra, groups, a member, conflicting cpu/gpu extras written in
// uv's encoding, a fork resolved by version, platform markers and extras
// enabled on edges.
const walkLock = `version = 1
revision = 3
requires-python = ">=3.10"
resolution-markers = [
    "extra == 'extra-3-app-gpu'",
    "extra != 'extra-3-app-gpu'",
]
conflicts = [[
    { package = "app", extra = "cpu" },
    { package = "app", extra = "gpu" },
]]

[manifest]
members = ["app", "member"]

[[package]]
name = "app"
version = "1.0"
source = { editable = "." }
dependencies = [
    { name = "member", editable = "member" },
    { name = "requests" },
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "torch", version = "2.5.1", source = { registry = "https://pypi.org/simple" }, marker = "extra != 'extra-3-app-cpu'" },
    { name = "torch", version = "2.5.1+cpu", source = { registry = "https://download.pytorch.org/whl/cpu" }, marker = "extra == 'extra-3-app-cpu'" },
]

[package.optional-dependencies]
cpu = [{ name = "torch", version = "2.5.1+cpu", source = { registry = "https://download.pytorch.org/whl/cpu" } }]
gpu = [{ name = "torch", version = "2.5.1", source = { registry = "https://pypi.org/simple" } }]
http2 = [{ name = "httpx", extra = ["http2"] }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]
lint = [{ name = "ruff" }]

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "h2"
version = "4.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "httpx"
version = "0.28.1"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
http2 = [{ name = "h2" }]

[[package]]
name = "member"
version = "0.1.0"
source = { editable = "member" }
dependencies = [{ name = "numpy", marker = "python_full_version >= '3.11'" }]

[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "nvidia-cublas-cu12"
version = "12.4.5.8"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruff"
version = "0.7.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "torch"
version = "2.5.1"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["extra != 'extra-3-app-cpu'"]
dependencies = [{ name = "nvidia-cublas-cu12", marker = "platform_machine == 'x86_64' and sys_platform == 'linux'" }]

[[package]]
name = "torch"
version = "2.5.1+cpu"
source = { registry = "https://download.pytorch.org/whl/cpu" }
resolution-markers = ["extra == 'extra-3-app-cpu'"]
`

func TestWalk(t *testing.T) {
	lock, err := Parse("uv.lock", []byte(walkLock))
	if err != nil {
		t.Fatal(err)
	}
	linux312 := pep508.NewEnv("cpython", "3.12", "linux", "amd64")
	linux310 := pep508.NewEnv("cpython", "3.10", "linux", "amd64")
	arm := pep508.NewEnv("cpython", "3.12", "linux", "arm64")
	win := pep508.NewEnv("cpython", "3.12", "windows", "amd64")
	tests := []struct {
		name string
		sel  Selection
		env  pep508.Env
		want string
	}{
		{"default groups", Selection{Groups: []string{"dev"}}, linux312,
			"app member numpy nvidia-cublas-cu12 pytest requests torch@2.5.1"},
		{"no dev", Selection{}, linux312,
			"app member numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"python 3.10 drops numpy", Selection{}, linux310,
			"app member nvidia-cublas-cu12 requests torch@2.5.1"},
		{"arm64 drops the CUDA edge", Selection{}, arm,
			"app member numpy requests torch@2.5.1"},
		{"windows adds colorama", Selection{}, win,
			"app colorama member numpy requests torch@2.5.1"},
		{"conflict extra cpu", Selection{Extras: []string{"cpu"}}, linux312,
			"app member numpy requests torch@2.5.1+cpu"},
		{"conflict extra gpu", Selection{Extras: []string{"gpu"}}, linux312,
			"app member numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"extra enables an extra of a dependency", Selection{Extras: []string{"http2"}}, linux312,
			"app h2 httpx member numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"all groups minus lint", Selection{AllGroups: true, NoGroups: []string{"lint"}}, linux312,
			"app member numpy nvidia-cublas-cu12 pytest requests torch@2.5.1"},
		{"only a group", Selection{OnlyGroups: true, Groups: []string{"lint"}}, linux312,
			"ruff"},
		{"no install project", Selection{NoInstallProject: true}, linux312,
			"member numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"no install workspace", Selection{NoInstallWorkspace: true}, linux312,
			"numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"no install local", Selection{NoInstallLocal: true}, linux312,
			"numpy nvidia-cublas-cu12 requests torch@2.5.1"},
		{"no install package keeps its dependencies", Selection{NoInstallPackages: []string{"Torch"}}, linux312,
			"app member numpy nvidia-cublas-cu12 requests"},
		{"package member", Selection{Packages: []string{"member"}}, linux312,
			"member numpy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lock.Walk(&tt.sel, &tt.env, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s := installNames(got); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestWalkErrors(t *testing.T) {
	lock, err := Parse("uv.lock", []byte(walkLock))
	if err != nil {
		t.Fatal(err)
	}
	env := pep508.NewEnv("cpython", "3.12", "linux", "amd64")
	_, err = lock.Walk(&Selection{Packages: []string{"nope"}}, &env, nil)
	if want := "uv.lock: --package nope: no workspace member of that name"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	broken := strings.Replace(walkLock, `{ name = "requests" },`, `{ name = "missing" },`, 1)
	lock, err = Parse("uv.lock", []byte(broken))
	if err != nil {
		t.Fatal(err)
	}
	_, err = lock.Walk(&Selection{}, &env, nil)
	if want := "uv.lock:22:5: app depends on missing, which the lock does not resolve for this target"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestWalkVirtualRoot: a workspace whose root has no [project] starts from
// every member and the root's own dependency groups.
func TestWalkVirtualRoot(t *testing.T) {
	src := `version = 1
requires-python = ">=3.12"

[manifest]
members = ["a", "b"]

[manifest.dependency-groups]
dev = [{ name = "pytest" }]

[[package]]
name = "a"
version = "1.0"
source = { editable = "packages/a" }
dependencies = [{ name = "requests" }]

[[package]]
name = "b"
version = "1.0"
source = { virtual = "packages/b" }
dependencies = [{ name = "ruff" }]

[[package]]
name = "pytest"
version = "8.3.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "requests"
version = "2.32.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "ruff"
version = "0.7.0"
source = { registry = "https://pypi.org/simple" }
`
	lock, err := Parse("uv.lock", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	env := pep508.NewEnv("cpython", "3.12", "linux", "amd64")
	got, err := lock.Walk(&Selection{Groups: []string{"dev"}}, &env, nil)
	if err != nil {
		t.Fatal(err)
	}
	// b is virtual: its dependencies install, it does not.
	if s, want := installNames(got), "a pytest requests ruff"; s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

// installNames lists an install set in lock order, torch (the forked
// name) with its version.
func installNames(set []Install) string {
	var parts []string
	for _, in := range set {
		s := in.Package.Name
		if in.Package.Name == "torch" {
			s += "@" + in.Package.Version
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
