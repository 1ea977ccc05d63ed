package wheel

import "testing"

func FuzzParseFilename(f *testing.F) {
	for _, s := range []string{
		"torch-2.5.1-cp311-cp311-manylinux1_x86_64.whl",
		"torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl",
		"torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl",
		"cryptography-46.0.7-cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"Zope.Interface-1!2.0rc1.post3.dev4+local.7-py2.py3-none-any.whl",
		"foo-1.0-12abc-py3-none-any.whl",
		"a-1-b-c-d.whl",
	} {
		f.Add(s)
	}
	tags := NewTags(Interpreter{Major: 3, Minor: 12}, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 36})
	f.Fuzz(func(t *testing.T, name string) {
		w, err := ParseFilename(name)
		_, bestOK := tags.Best([]string{name})
		if err != nil {
			if bestOK {
				t.Fatalf("Best accepted %q, which ParseFilename rejects: %v", name, err)
			}
			return
		}
		if len(w.Tags) == 0 {
			t.Fatalf("%q parsed with no tags", name)
		}
		_, compatible := tags.Compatible(&w)
		if compatible != bestOK {
			t.Fatalf("%q: Compatible says %v, Best says %v", name, compatible, bestOK)
		}
		again, err := ParseFilename(w.String())
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", name, w.String(), err)
		}
		if again.Name != w.Name || again.Version != w.Version || again.Build != w.Build {
			t.Fatalf("%q → %q: got %q %q %q, want %q %q %q", name, w.String(),
				again.Name, again.Version, again.Build, w.Name, w.Version, w.Build)
		}
	})
}

// FuzzNewTags checks that any target gives a consistent tag list: every
// tag's Priority is its first position in All.
func FuzzNewTags(f *testing.F) {
	f.Add("linux", "x86_64", "glibc", 2, 36, 0, 0, 3, 12, false)
	f.Add("linux", "aarch64", "musl", 1, 2, 0, 0, 3, 13, true)
	f.Add("darwin", "arm64", "", 0, 0, 10, 9, 3, 7, false)
	f.Add("windows", "amd64", "", 0, 0, 0, 0, 3, 0, false)
	f.Fuzz(func(t *testing.T, os, arch, libc string, libcMajor, libcMinor, macMajor, macMinor, major, minor int, ft bool) {
		tags := NewTags(Interpreter{Major: major, Minor: minor, FreeThreaded: ft},
			Platform{OS: os, Arch: arch, Libc: libc, LibcMajor: libcMajor, LibcMinor: libcMinor, MacOSMajor: macMajor, MacOSMinor: macMinor})
		for i, tag := range tags.All() {
			rank, ok := tags.Priority(tag)
			if !ok || rank > i || tags.All()[rank] != tag {
				t.Fatalf("tag %d %v has rank %d, %v", i, tag, rank, ok)
			}
		}
	})
}

// FuzzPicker checks that a Picker, fresh and after ranking the same names
// once, chooses what Best chooses.
func FuzzPicker(f *testing.F) {
	f.Add("torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl", "torch-2.10.0-cp312-cp312-manylinux_2_28_x86_64.whl", "x-1.0-py3-none-any.whl")
	f.Add("a-1-b-c-d.whl", "x-one-py3-none-any.whl", "torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl")
	f.Add("x-1.0-99-py3-none-any.whl", "x-1.0-cp312-abi3-manylinux_2_17_x86_64.whl", "x-1.0-cp312-abi3-manylinux_2_17_x86_64..whl")
	tags := NewTags(Interpreter{Major: 3, Minor: 12}, Platform{OS: "linux", Arch: "x86_64", LibcMajor: 2, LibcMinor: 36})
	f.Fuzz(func(t *testing.T, a, b, c string) {
		names := []string{a, b, c}
		wi, wok := tags.Best(names)
		pk := tags.Picker()
		for range 2 {
			if gi, gok := pk.Best(names); gi != wi || gok != wok {
				t.Fatalf("Picker.Best(%q) = %d, %v; Best = %d, %v", names, gi, gok, wi, wok)
			}
		}
	})
}
