package wheel

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

func readLock(tb testing.TB, dir, file string) *uvlock.Lock {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	lock, err := uvlock.Parse(file, src)
	if err != nil {
		tb.Fatal(err)
	}
	return lock
}

// wheelNames returns the file names of a package's wheels as the lock
// writes them: the last URL segment still percent-encoded, or the
// filename of a path-source wheel.
func wheelNames(p *uvlock.Package) []string {
	wheels := p.Wheels()
	names := make([]string, len(wheels))
	for i := range wheels {
		w := &wheels[i]
		switch {
		case w.Filename != "":
			names[i] = w.Filename
		case w.URL != "":
			u, _, _ := strings.Cut(w.URL, "#")
			names[i] = u[strings.LastIndexByte(u, '/')+1:]
		default:
			names[i] = filepath.Base(w.Path)
		}
	}
	return names
}

// TestCorpusParse parses every wheel file name of every lock in the
// corpus; the version in the name must be the package's version.
func TestCorpusParse(t *testing.T) {
	dir := uvlocktest.Dir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.uv.lock"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no locks in %s (%v)", dir, err)
	}
	total := 0
	for _, file := range files {
		lock := readLock(t, dir, filepath.Base(file))
		for _, p := range lock.Packages {
			for _, name := range wheelNames(p) {
				total++
				f, err := ParseFilename(name)
				if err != nil {
					t.Errorf("%s: package %s: %v", filepath.Base(file), p.Name, err)
					continue
				}
				if !strings.EqualFold(f.Version, p.Version) {
					t.Errorf("%s: package %s %s: wheel %s has version %s", filepath.Base(file), p.Name, p.Version, name, f.Version)
				}
			}
		}
	}
	if total < 50000 {
		t.Errorf("only %d wheels in the corpus", total)
	}
}

// TestCorpusBest checks the wheel chosen for CPython 3.12 on linux/amd64
// with glibc 2.36 (Debian bookworm), glibc 2.17 and musl 1.2, worked out
// by hand from the locks.
func TestCorpusBest(t *testing.T) {
	dir := uvlocktest.Dir(t)
	bookworm := NewTags(cp312, linux236)
	tests := []struct {
		lock, pkg, version string
		tags               *Tags
		want               string // "" for none
	}{
		// torch 2.10.0 on PyPI was re-uploaded with build tag 3 for x86_64.
		{"Unstructured-IO__unstructured.uv.lock", "torch", "2.10.0", bookworm, "torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "torch", "2.10.0", NewTags(cp312, macARM), "torch-2.10.0-2-cp312-none-macosx_11_0_arm64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "torch", "2.10.0", NewTags(cp312, linux217), ""},
		{"Unstructured-IO__unstructured.uv.lock", "numpy", "2.4.4", bookworm, "numpy-2.4.4-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "numpy", "2.4.4", NewTags(cp312, alpine), "numpy-2.4.4-cp312-cp312-musllinux_1_2_x86_64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "pandas", "2.3.3", bookworm, "pandas-2.3.3-cp312-cp312-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl"},
		// cp311-abi3 outranks cp38-abi3; manylinux_2_34 is the newest glibc tag ≤ 2.36.
		{"Unstructured-IO__unstructured.uv.lock", "cryptography", "46.0.7", bookworm, "cryptography-46.0.7-cp311-abi3-manylinux_2_34_x86_64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "cryptography", "46.0.7", NewTags(cp312, linux217), "cryptography-46.0.7-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"},
		{"Unstructured-IO__unstructured.uv.lock", "safetensors", "0.7.0", bookworm, "safetensors-0.7.0-cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"karpathy__nanochat.uv.lock", "torch", "2.9.1+cu128", bookworm, "torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"docling-project__docling.uv.lock", "torch", "2.11.0", bookworm, "torch-2.11.0-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"docling-project__docling.uv.lock", "pandas", "2.3.3", bookworm, "pandas-2.3.3-cp312-cp312-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl"},
	}
	locks := map[string]*uvlock.Lock{}
	for _, tt := range tests {
		t.Run(tt.lock+"/"+tt.pkg, func(t *testing.T) {
			lock := locks[tt.lock]
			if lock == nil {
				lock = readLock(t, dir, tt.lock)
				locks[tt.lock] = lock
			}
			var pkg *uvlock.Package
			for _, p := range lock.Lookup(tt.pkg) {
				if p.Version == tt.version && strings.Contains(p.Source.Value, "pypi.org") == !strings.Contains(tt.version, "+") {
					pkg = p
				}
			}
			if pkg == nil {
				t.Fatalf("%s %s not in %s", tt.pkg, tt.version, tt.lock)
			}
			names := wheelNames(pkg)
			got := ""
			if i, ok := tt.tags.Best(names); ok {
				got = names[i]
			}
			if got != tt.want {
				t.Errorf("Best = %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkBest picks a wheel for every package of the largest lock.
func BenchmarkBest(b *testing.B) {
	dir := uvlocktest.Dir(b)
	lock := readLock(b, dir, "docling-project__docling.uv.lock")
	var packages [][]string
	for _, p := range lock.Packages {
		if len(p.Wheels()) > 0 {
			packages = append(packages, wheelNames(p))
		}
	}
	tags := NewTags(cp312, linux236)
	b.ReportAllocs()
	for b.Loop() {
		for _, names := range packages {
			tags.Best(names)
		}
	}
}

func BenchmarkNewTags(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewTags(cp312, linux236)
	}
}

func BenchmarkParseFilename(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFilename("cryptography-46.0.7-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCorpusForeign checks Best's shortcut against ParseFilename on every
// wheel name of the corpus and on targets of each OS: a name it passes by
// must be one that ParseFilename rejects or whose tags the target does
// not support.
func TestCorpusForeign(t *testing.T) {
	targets := []*Tags{
		NewTags(Interpreter{Major: 3, Minor: 12}, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 36}),
		NewTags(Interpreter{Major: 3, Minor: 11}, Platform{OS: "linux", Arch: "aarch64", Libc: "musl", LibcMajor: 1, LibcMinor: 2}),
		NewTags(Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, Platform{OS: "darwin", Arch: "arm64"}),
		NewTags(Interpreter{Major: 3, Minor: 9}, Platform{OS: "windows", Arch: "amd64"}),
		NewTags(Interpreter{Implementation: "pypy", Major: 3, Minor: 10}, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 28}),
	}
	dir := uvlocktest.Dir(t)
	checked, passed := 0, 0
	for _, file := range uvlocktest.Locks(t) {
		lock := readLock(t, dir, filepath.Base(file))
		for _, p := range lock.Packages {
			for _, name := range wheelNames(p) {
				f, err := ParseFilename(name)
				for _, tags := range targets {
					checked++
					if !tags.foreign(name) {
						continue
					}
					passed++
					if _, ok := tags.Compatible(&f); err == nil && ok {
						t.Fatalf("%s: passed by as foreign, but compatible", name)
					}
				}
			}
		}
	}
	if passed == 0 || passed == checked {
		t.Fatalf("%d of %d names passed by: the shortcut is not exercised", passed, checked)
	}
}

// TestCorpusPlatforms holds Platforms to the platform tags of
// ParseFilename on every wheel name of the corpus.
func TestCorpusPlatforms(t *testing.T) {
	dir := uvlocktest.Dir(t)
	for _, file := range uvlocktest.Locks(t) {
		lock := readLock(t, dir, filepath.Base(file))
		for _, p := range lock.Packages {
			for _, name := range wheelNames(p) {
				f, err := ParseFilename(name)
				plats, perr := Platforms(name)
				if (err == nil) != (perr == nil) {
					t.Fatalf("%s: ParseFilename: %v; Platforms: %v", name, err, perr)
				}
				var got, want []string
				for _, plat := range plats {
					got = appendNew(got, plat)
				}
				for _, tag := range f.Tags {
					want = appendNew(want, tag.Platform)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s: Platforms = %q, ParseFilename's = %q", name, plats, want)
				}
			}
		}
	}
}

// TestPickerMatchesBest checks, for every package of every corpus lock and
// several targets, that a Picker kept over the whole lock (so that it
// ranks most wheels from what it remembers) chooses what Best chooses;
// the names are tried as written and percent-encoded.
func TestPickerMatchesBest(t *testing.T) {
	dir := uvlocktest.Dir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.uv.lock"))
	if len(files) == 0 {
		t.Fatal("no corpus locks")
	}
	targets := []*Tags{NewTags(cp312, linux236), NewTags(cp312, linux217), NewTags(cp312, alpine), NewTags(cp312, macARM), NewTags(cp312, windows), NewTags(Interpreter{Major: 3, Minor: 10}, aarch64236)}
	for _, file := range files {
		lock := readLock(t, dir, filepath.Base(file))
		for _, tags := range targets {
			pk := tags.Picker()
			for _, p := range lock.Packages {
				names := wheelNames(p)
				escaped := make([]string, len(names))
				for i, n := range names {
					escaped[i] = strings.ReplaceAll(n, "-", "%2D")
				}
				for _, list := range [][]string{names, escaped, append(slices.Clone(names), "x-1.0-1-py3-none-any.whl", "bad.whl", "x-1.0-py3-none-any.tar.gz")} {
					gi, gok := pk.Best(list)
					wi, wok := tags.Best(list)
					if gi != wi || gok != wok {
						t.Fatalf("%s %s: Picker chose %d, Best %d, in %q", filepath.Base(file), p.ID(), gi, wi, list)
					}
				}
			}
		}
	}
}
