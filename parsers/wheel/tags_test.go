package wheel

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden tag lists in testdata")

var (
	cp312      = Interpreter{Implementation: "cpython", Major: 3, Minor: 12}
	linux236   = Platform{OS: "linux", Arch: "x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 36}
	linux217   = Platform{OS: "linux", Arch: "x86_64", Libc: "glibc", LibcMajor: 2, LibcMinor: 17}
	alpine     = Platform{OS: "linux", Arch: "x86_64", Libc: "musl", LibcMajor: 1, LibcMinor: 2}
	macARM     = Platform{OS: "darwin", Arch: "arm64"}
	macIntel   = Platform{OS: "darwin", Arch: "x86_64"}
	windows    = Platform{OS: "windows", Arch: "x86_64"}
	aarch64236 = Platform{OS: "linux", Arch: "aarch64", LibcMajor: 2, LibcMinor: 36}
)

func tag(s string) Tag {
	py, rest, _ := strings.Cut(s, "-")
	abi, plat, _ := strings.Cut(rest, "-")
	return Tag{py, abi, plat}
}

// TestTagOrderGlibc pins CPython 3.12 on glibc 2.36 x86_64: 36 platform
// tags (manylinux_2_36 … 2_5, three legacy aliases, linux) times the
// interpreter/ABI groups, then the 15 "any" tags: 987 in all.
func TestTagOrderGlibc(t *testing.T) {
	tags := NewTags(cp312, linux236)
	var plats []string
	for minor := 36; minor >= 5; minor-- {
		plats = append(plats, "manylinux_2_"+itoa(minor)+"_x86_64")
		switch minor {
		case 17:
			plats = append(plats, "manylinux2014_x86_64")
		case 12:
			plats = append(plats, "manylinux2010_x86_64")
		case 5:
			plats = append(plats, "manylinux1_x86_64")
		}
	}
	plats = append(plats, "linux_x86_64")
	if len(plats) != 36 {
		t.Fatalf("test bug: %d platform tags", len(plats))
	}
	for i, p := range plats {
		if got := tags.All()[i]; got != (Tag{"cp312", "cp312", p}) {
			t.Errorf("tag %d = %v, want cp312-cp312-%s", i, got, p)
		}
	}
	for _, tt := range []struct {
		tag  string
		rank int
	}{
		{"cp312-cp312-manylinux_2_36_x86_64", 0},
		{"cp312-cp312-manylinux_2_17_x86_64", 19},
		{"cp312-cp312-manylinux2014_x86_64", 20},
		{"cp312-cp312-manylinux_2_12_x86_64", 25},
		{"cp312-cp312-manylinux2010_x86_64", 26},
		{"cp312-cp312-manylinux_2_5_x86_64", 33},
		{"cp312-cp312-manylinux1_x86_64", 34},
		{"cp312-cp312-linux_x86_64", 35},
		{"cp312-abi3-manylinux_2_36_x86_64", 36},
		{"cp312-abi3-linux_x86_64", 71},
		{"cp312-none-manylinux_2_36_x86_64", 72},
		{"cp312-none-linux_x86_64", 107},
		{"cp311-abi3-manylinux_2_36_x86_64", 108},
		{"cp311-abi3-manylinux_2_34_x86_64", 110},
		{"cp32-abi3-manylinux_2_36_x86_64", 432},
		{"cp32-abi3-linux_x86_64", 467},
		{"py312-none-manylinux_2_36_x86_64", 468},
		{"py3-none-manylinux_2_36_x86_64", 504},
		{"py311-none-manylinux_2_36_x86_64", 540},
		{"py30-none-manylinux_2_36_x86_64", 936},
		{"py30-none-linux_x86_64", 971},
		{"cp312-none-any", 972},
		{"py312-none-any", 973},
		{"py3-none-any", 974},
		{"py311-none-any", 975},
		{"py30-none-any", 986},
	} {
		rank, ok := tags.Priority(tag(tt.tag))
		if !ok || rank != tt.rank {
			t.Errorf("Priority(%s) = %d, %v; want %d", tt.tag, rank, ok, tt.rank)
		}
	}
	if n := len(tags.All()); n != 987 {
		t.Errorf("%d tags, want 987", n)
	}
	for _, s := range []string{
		"cp312-cp312-manylinux_2_37_x86_64",
		"cp312-cp312-manylinux_2_4_x86_64",
		"cp312-cp312-manylinux_2_36_aarch64",
		"cp312-cp312-musllinux_1_2_x86_64",
		"cp313-cp313-manylinux_2_17_x86_64",
		"cp312-abi3-any", // uv lists no abi3-any tag
		"cp31-abi3-manylinux_2_17_x86_64",
		"py313-none-any",
		"py2-none-any",
		"cp312-cp312t-manylinux_2_17_x86_64",
	} {
		if rank, ok := tags.Priority(tag(s)); ok {
			t.Errorf("Priority(%s) = %d, want unsupported", s, rank)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestTagPriority checks single tags on other targets.
func TestTagPriority(t *testing.T) {
	tests := []struct {
		what string
		in   Interpreter
		p    Platform
		tag  string
		rank int // -1: unsupported
	}{
		// musl: musllinux from the musl minor down to 1_0, then linux; never manylinux.
		{"musl newest", cp312, alpine, "cp312-cp312-musllinux_1_2_x86_64", 0},
		{"musl 1_1", cp312, alpine, "cp312-cp312-musllinux_1_1_x86_64", 1},
		{"musl 1_0", cp312, alpine, "cp312-cp312-musllinux_1_0_x86_64", 2},
		{"musl linux last", cp312, alpine, "cp312-cp312-linux_x86_64", 3},
		{"musl abi3", cp312, alpine, "cp312-abi3-musllinux_1_2_x86_64", 4},
		{"musl 1_3", cp312, alpine, "cp312-cp312-musllinux_1_3_x86_64", -1},
		{"musl manylinux", cp312, alpine, "cp312-cp312-manylinux_2_17_x86_64", -1},
		{"musl manylinux1", cp312, alpine, "cp312-cp312-manylinux1_x86_64", -1},
		{"musl any", cp312, alpine, "py3-none-any", 4 + 12*4 + 14*4 + 2},
		// Minimum glibc per machine.
		{"aarch64 2_17", cp312, aarch64236, "cp312-cp312-manylinux_2_17_aarch64", 19},
		{"aarch64 2014", cp312, aarch64236, "cp312-cp312-manylinux2014_aarch64", 20},
		{"aarch64 linux", cp312, aarch64236, "cp312-cp312-linux_aarch64", 21},
		{"aarch64 2_16", cp312, aarch64236, "cp312-cp312-manylinux_2_16_aarch64", -1},
		{"aarch64 x86_64", cp312, aarch64236, "cp312-cp312-manylinux_2_17_x86_64", -1},
		{"arm64 alias", cp312, Platform{OS: "linux", Arch: "arm64", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_28_aarch64", 8},
		{"amd64 alias", cp312, Platform{OS: "linux", Arch: "amd64", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_28_x86_64", 8},
		{"armv7l 2_17", cp312, Platform{OS: "linux", Arch: "armv7l", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_17_armv7l", 19},
		{"arm alias", cp312, Platform{OS: "linux", Arch: "arm", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_17_armv7l", 19},
		{"armv7l 2_16", cp312, Platform{OS: "linux", Arch: "armv7l", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_16_armv7l", -1},
		{"riscv64 2_31", cp312, Platform{OS: "linux", Arch: "riscv64", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_31_riscv64", 5},
		{"riscv64 2_30", cp312, Platform{OS: "linux", Arch: "riscv64", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-manylinux_2_30_riscv64", -1},
		{"riscv64 linux", cp312, Platform{OS: "linux", Arch: "riscv64", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-linux_riscv64", 6},
		{"i686 manylinux1", cp312, Platform{OS: "linux", Arch: "i686", LibcMajor: 2, LibcMinor: 17}, "cp312-cp312-manylinux1_i686", 15},
		{"armv6l no manylinux", cp312, Platform{OS: "linux", Arch: "armv6l", LibcMajor: 2, LibcMinor: 36}, "cp312-cp312-linux_armv6l", 0},
		{"unknown glibc", cp312, Platform{OS: "linux", Arch: "x86_64"}, "cp312-cp312-linux_x86_64", 0},
		{"unknown glibc manylinux", cp312, Platform{OS: "linux", Arch: "x86_64"}, "cp312-cp312-manylinux1_x86_64", -1},
		// macOS, deployment target 13.0 by default.
		{"mac arm64 13", cp312, macARM, "cp312-cp312-macosx_13_0_arm64", 0},
		{"mac arm64 13 universal2", cp312, macARM, "cp312-cp312-macosx_13_0_universal2", 1},
		{"mac arm64 11", cp312, macARM, "cp312-cp312-macosx_11_0_arm64", 4},
		{"mac arm64 10_16 universal2", cp312, macARM, "cp312-cp312-macosx_10_16_universal2", 6},
		{"mac arm64 10_9 universal2", cp312, macARM, "cp312-cp312-macosx_10_9_universal2", 13},
		{"mac arm64 10_4 universal2", cp312, macARM, "cp312-cp312-macosx_10_4_universal2", 18},
		{"mac arm64 abi3", cp312, macARM, "cp312-abi3-macosx_13_0_arm64", 19},
		{"mac arm64 14", cp312, macARM, "cp312-cp312-macosx_14_0_arm64", -1},
		{"mac arm64 10_9 x86_64", cp312, macARM, "cp312-cp312-macosx_10_9_x86_64", -1},
		{"mac arm64 11_1", cp312, macARM, "cp312-cp312-macosx_11_1_arm64", -1},
		{"mac arm64 15 target", cp312, Platform{OS: "darwin", Arch: "arm64", MacOSMajor: 15}, "cp312-cp312-macosx_14_0_arm64", 2},
		{"mac intel 13", cp312, macIntel, "cp312-cp312-macosx_13_0_x86_64", 0},
		{"mac intel 13 intel", cp312, macIntel, "cp312-cp312-macosx_13_0_intel", 1},
		{"mac intel 13 universal", cp312, macIntel, "cp312-cp312-macosx_13_0_universal", 5},
		{"mac intel 10_9", cp312, macIntel, "cp312-cp312-macosx_10_9_x86_64", 6 * 10},
		{"mac intel arm64", cp312, macIntel, "cp312-cp312-macosx_11_0_arm64", -1},
		{"mac intel 10.12 target", cp312, Platform{OS: "darwin", Arch: "x86_64", MacOSMajor: 10, MacOSMinor: 12}, "cp312-cp312-macosx_10_9_x86_64", 18},
		{"mac intel 10.12 target 10_13", cp312, Platform{OS: "darwin", Arch: "x86_64", MacOSMajor: 10, MacOSMinor: 12}, "cp312-cp312-macosx_10_13_x86_64", -1},
		// Windows.
		{"win amd64", cp312, windows, "cp312-cp312-win_amd64", 0},
		{"win amd64 abi3", cp312, windows, "cp38-abi3-win_amd64", 6},
		{"win amd64 win32", cp312, windows, "cp312-cp312-win32", -1},
		{"win arm64", cp312, Platform{OS: "windows", Arch: "arm64"}, "cp312-cp312-win_arm64", 0},
		{"win32", cp312, Platform{OS: "windows", Arch: "x86"}, "cp312-cp312-win32", 0},
		// Interpreters.
		{"3.7 pymalloc", Interpreter{Major: 3, Minor: 7}, linux236, "cp37-cp37m-manylinux_2_36_x86_64", 0},
		{"3.7 no m", Interpreter{Major: 3, Minor: 7}, linux236, "cp37-cp37-manylinux_2_36_x86_64", -1},
		{"3.13t", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp313-cp313t-manylinux_2_28_x86_64", 8},
		{"3.13t abi3t", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp313-abi3t-manylinux_2_36_x86_64", 36},
		{"3.13t none", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp313-none-manylinux_2_36_x86_64", 72},
		{"3.13t older abi3t", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp312-abi3t-manylinux_2_36_x86_64", 108},
		{"3.13t py3", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "py313-none-manylinux_2_36_x86_64", 36 + 12*36 + 36},
		{"3.13t abi3", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp313-abi3-manylinux_2_36_x86_64", -1},
		{"3.13t cp313", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, "cp313-cp313-manylinux_2_36_x86_64", -1},
		{"3.15t abi3t", Interpreter{Major: 3, Minor: 15, FreeThreaded: true}, linux236, "cp315-abi3t-manylinux_2_36_x86_64", 36},
		{"3.15t none", Interpreter{Major: 3, Minor: 15, FreeThreaded: true}, linux236, "cp315-none-manylinux_2_36_x86_64", 72},
		{"3.15t cp314 abi3t", Interpreter{Major: 3, Minor: 15, FreeThreaded: true}, linux236, "cp314-abi3t-manylinux_2_36_x86_64", 108},
		{"3.15 abi3t", Interpreter{Major: 3, Minor: 15}, linux236, "cp315-abi3t-manylinux_2_36_x86_64", -1},
		{"pypy pure", Interpreter{Implementation: "pypy", Major: 3, Minor: 11}, linux236, "py3-none-any", 13*36 + 1},
		{"pypy cp", Interpreter{Implementation: "pypy", Major: 3, Minor: 11}, linux236, "cp311-none-any", -1},
		{"bogus python", Interpreter{Major: 3, Minor: 1 << 40}, linux236, "py3-none-any", -1},
		{"negative python", Interpreter{Major: 3, Minor: -5}, linux236, "py3-none-any", -1},
		{"bogus glibc", cp312, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 1 << 40}, "cp312-cp312-linux_x86_64", 0},
		{"bogus macOS", cp312, Platform{OS: "darwin", Arch: "arm64", MacOSMajor: 1 << 40}, "cp312-none-any", 0},
		{"unknown OS", cp312, Platform{OS: "plan9", Arch: "x86_64"}, "cp312-none-any", 0},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			rank, ok := NewTags(tt.in, tt.p).Priority(tag(tt.tag))
			if !ok {
				rank = -1
			}
			if rank != tt.rank {
				t.Errorf("Priority(%s) = %d, want %d", tt.tag, rank, tt.rank)
			}
		})
	}
}

// TestTagsGolden keeps the full order for a few targets in testdata, to
// make any change to the order visible in review.
func TestTagsGolden(t *testing.T) {
	for _, tt := range []struct {
		file string
		in   Interpreter
		p    Platform
	}{
		{"cp312-glibc2.36-x86_64.txt", cp312, linux236},
		{"cp312-musl1.2-aarch64.txt", cp312, Platform{OS: "linux", Arch: "aarch64", Libc: "musl", LibcMajor: 1, LibcMinor: 2}},
		{"cp313t-glibc2.17-aarch64.txt", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, Platform{OS: "linux", Arch: "aarch64", LibcMajor: 2, LibcMinor: 17}},
		{"cp311-macos14-arm64.txt", Interpreter{Major: 3, Minor: 11}, Platform{OS: "darwin", Arch: "arm64", MacOSMajor: 14}},
		{"cp310-macos13-x86_64.txt", Interpreter{Major: 3, Minor: 10}, macIntel},
		{"cp312-windows-amd64.txt", cp312, windows},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b strings.Builder
			for _, tag := range NewTags(tt.in, tt.p).All() {
				b.WriteString(tag.String())
				b.WriteByte('\n')
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("tag order differs from %s (run with -update and review the diff)", path)
			}
		})
	}
}

func TestBest(t *testing.T) {
	torch := []string{ // torch 2.10.0 on PyPI, as in the corpus
		"torch-2.10.0-2-cp312-none-macosx_11_0_arm64.whl",
		"torch-2.10.0-cp312-cp312-manylinux_2_28_x86_64.whl",
		"torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl",
		"torch-2.10.0-cp312-cp312-manylinux_2_28_aarch64.whl",
		"torch-2.10.0-cp312-cp312-win_amd64.whl",
		"torch-2.10.0-cp312-none-macosx_11_0_arm64.whl",
	}
	tests := []struct {
		what  string
		in    Interpreter
		p     Platform
		names []string
		want  string // "" when nothing is compatible
	}{
		{"build tag 3 beats none", cp312, linux236, torch, "torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"build tag 2 beats none on macOS", cp312, macARM, torch, "torch-2.10.0-2-cp312-none-macosx_11_0_arm64.whl"},
		{"aarch64", cp312, aarch64236, torch, "torch-2.10.0-cp312-cp312-manylinux_2_28_aarch64.whl"},
		{"windows", cp312, windows, torch, "torch-2.10.0-cp312-cp312-win_amd64.whl"},
		{"glibc too old", cp312, linux217, torch, ""},
		{"musl", cp312, alpine, torch, ""},
		{"wrong python", Interpreter{Major: 3, Minor: 10}, linux236, torch, ""},
		{"higher build number", cp312, linux236, []string{
			"x-1.0-10-py3-none-any.whl", "x-1.0-9b-py3-none-any.whl", "x-1.0-10-py3-none-any.whl",
		}, "x-1.0-10-py3-none-any.whl"},
		{"tag priority before build tag", cp312, linux236, []string{
			"x-1.0-99-py3-none-any.whl", "x-1.0-cp312-abi3-manylinux_2_17_x86_64.whl",
		}, "x-1.0-cp312-abi3-manylinux_2_17_x86_64.whl"},
		{"abi3 over pure", cp312, linux236, []string{
			"x-1.0-py3-none-any.whl", "x-1.0-cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		}, "x-1.0-cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"newer manylinux first", cp312, linux236, []string{
			"x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
			"x-1.0-cp312-cp312-manylinux_2_28_x86_64.whl",
			"x-1.0-cp312-cp312-musllinux_1_2_x86_64.whl",
		}, "x-1.0-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"manylinux_2_28 rejected on 2.17", cp312, linux217, []string{
			"x-1.0-cp312-cp312-manylinux_2_28_x86_64.whl",
			"x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		}, "x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"},
		{"cp312 rejected on 3.10", Interpreter{Major: 3, Minor: 10}, linux236, []string{
			"x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
			"x-1.0-cp312-abi3-manylinux_2_17_x86_64.whl",
			"x-1.0.tar.gz",
		}, ""},
		{"musllinux on Alpine", cp312, alpine, []string{
			"x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
			"x-1.0-cp312-cp312-musllinux_1_1_x86_64.whl",
			"x-1.0-cp312-cp312-linux_x86_64.whl",
		}, "x-1.0-cp312-cp312-musllinux_1_1_x86_64.whl"},
		{"encoded local version", cp312, linux236, []string{
			"torch-2.9.1%2Bcu128-cp312-cp312-win_amd64.whl",
			"torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl",
		}, "torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl"},
		{"unparsable skipped", cp312, linux236, []string{
			"x-1.0-abc-py3-none-any.whl", "x-one-py3-none-any.whl", "x-1.0-py3-none-any.whl",
		}, "x-1.0-py3-none-any.whl"},
		{"free-threaded skips abi3", Interpreter{Major: 3, Minor: 13, FreeThreaded: true}, linux236, []string{
			"x-1.0-cp39-abi3-manylinux_2_17_x86_64.whl", "x-1.0-cp313-cp313-manylinux_2_17_x86_64.whl", "x-1.0-py3-none-any.whl",
		}, "x-1.0-py3-none-any.whl"},
		{"empty", cp312, linux236, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.what, func(t *testing.T) {
			i, ok := NewTags(tt.in, tt.p).Best(tt.names)
			got := ""
			if ok {
				got = tt.names[i]
			} else if i != -1 {
				t.Errorf("index %d with ok=false, want -1", i)
			}
			if got != tt.want {
				t.Errorf("Best = %q, want %q", got, tt.want)
			}
			pk := NewTags(tt.in, tt.p).Picker()
			for range 2 { // the second time from what it remembers
				if pi, pok := pk.Best(tt.names); pi != i || pok != ok {
					t.Errorf("Picker.Best = %d, %v; Best = %d, %v", pi, pok, i, ok)
				}
			}
		})
	}
	// A full tie keeps the first name.
	if i, _ := NewTags(cp312, linux236).Best([]string{"x-1.0-py3-none-any.whl", "x-1.0-py2.py3-none-any.whl"}); i != 0 {
		t.Errorf("tie: Best = %d, want 0", i)
	}
}

func TestCompatible(t *testing.T) {
	tags := NewTags(cp312, linux236)
	f, err := ParseFilename("cryptography-46.0.7-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")
	if err != nil {
		t.Fatal(err)
	}
	// cp311-abi3 starts at 108; manylinux_2_17 is the 20th platform tag.
	if rank, ok := tags.Compatible(&f); !ok || rank != 108+19 {
		t.Errorf("Compatible = %d, %v; want %d", rank, ok, 108+19)
	}
	f, _ = ParseFilename("x-1.0-cp313-cp313-manylinux_2_17_x86_64.whl")
	if rank, ok := tags.Compatible(&f); ok {
		t.Errorf("Compatible = %d, want incompatible", rank)
	}
	allocs := testing.AllocsPerRun(100, func() { tags.Compatible(&f) })
	if allocs != 0 {
		t.Errorf("Compatible allocates %v times", allocs)
	}
	names := []string{"torch-2.10.0-cp312-cp312-manylinux_2_28_x86_64.whl", "torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl"}
	allocs = testing.AllocsPerRun(100, func() { tags.Best(names) })
	if allocs != 0 {
		t.Errorf("Best allocates %v times", allocs)
	}
}

// TestForeign covers the names Best's shortcut must leave to the full
// parse.
func TestForeign(t *testing.T) {
	tags := NewTags(Interpreter{Major: 3, Minor: 12}, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 36})
	for name, want := range map[string]bool{
		"a-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl": false,
		"a-1-cp312-cp312-macosx_11_0_arm64.win_amd64.whl":                true,
		"a-1-py3-none-any.whl":            false,
		"a-1-cp312-cp312-win_amd64.whl":   true,
		"a-1-cp312-cp312-win%5Famd64.whl": false, // encoded: parsed in full
		"a-1-py3-none-any.wh%6C":          false,
		"a-1.tar.gz":                      true,
	} {
		if got := tags.foreign(name); got != want {
			t.Errorf("foreign(%q) = %v, want %v", name, got, want)
		}
	}
}
