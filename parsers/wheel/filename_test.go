package wheel

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseFilename(t *testing.T) {
	tests := []struct {
		name string
		want Filename
	}{
		{"torch-2.5.1-cp311-cp311-manylinux1_x86_64.whl", Filename{
			Name: "torch", Version: "2.5.1",
			Tags: []Tag{{"cp311", "cp311", "manylinux1_x86_64"}},
		}},
		{"torch-2.9.1%2Bcu128-cp312-cp312-manylinux_2_28_x86_64.whl", Filename{
			Name: "torch", Version: "2.9.1+cu128",
			Tags: []Tag{{"cp312", "cp312", "manylinux_2_28_x86_64"}},
		}},
		{"torch-2.9.1+cpu-cp312-cp312-win_amd64.whl", Filename{
			Name: "torch", Version: "2.9.1+cpu",
			Tags: []Tag{{"cp312", "cp312", "win_amd64"}},
		}},
		{"torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl", Filename{
			Name: "torch", Version: "2.10.0", Build: "3", BuildNumber: 3,
			Tags: []Tag{{"cp312", "cp312", "manylinux_2_28_x86_64"}},
		}},
		{"foo-1.0-12abc-py3-none-any.whl", Filename{
			Name: "foo", Version: "1.0", Build: "12abc", BuildNumber: 12, BuildSuffix: "abc",
			Tags: []Tag{{"py3", "none", "any"}},
		}},
		{"cryptography-46.0.7-cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", Filename{
			Name: "cryptography", Version: "46.0.7",
			Tags: []Tag{
				{"cp311", "abi3", "manylinux_2_17_x86_64"},
				{"cp311", "abi3", "manylinux2014_x86_64"},
				{"cp312", "abi3", "manylinux_2_17_x86_64"},
				{"cp312", "abi3", "manylinux2014_x86_64"},
			},
		}},
		{"six-1.16.0-py2.py3-none-any.whl", Filename{
			Name: "six", Version: "1.16.0",
			Tags: []Tag{{"py2", "none", "any"}, {"py3", "none", "any"}},
		}},
		{"Zope.Interface-1!2.0rc1.post3.dev4-py3-none-any.whl", Filename{
			Name: "Zope.Interface", Version: "1!2.0rc1.post3.dev4",
			Tags: []Tag{{"py3", "none", "any"}},
		}},
		{"numpy-2.4.4-pp311-pypy311_pp73-macosx_10_15_x86_64.whl", Filename{
			Name: "numpy", Version: "2.4.4",
			Tags: []Tag{{"pp311", "pypy311_pp73", "macosx_10_15_x86_64"}},
		}},
		{"x-1.0_alpha_1.r2-py3-none-any.whl", Filename{
			Name: "x", Version: "1.0_alpha_1.r2",
			Tags: []Tag{{"py3", "none", "any"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFilename(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseFilenameErrors(t *testing.T) {
	tests := []struct{ name, want string }{
		{"torch-2.5.1.tar.gz", `wheel file name "torch-2.5.1.tar.gz": not a .whl file`},
		{"torch-2.5.1-cp311-cp311-manylinux1_x86_64.WHL", `not a .whl file`},
		{"torch-2.5.1-cp311-manylinux1_x86_64.whl", `want {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`},
		{"a-b-c-1.0-1-py3-none-any.whl", `want {name}-`},
		{"-1.0-py3-none-any.whl", `invalid distribution name ""`},
		{"foo bar-1.0-py3-none-any.whl", `invalid distribution name "foo bar"`},
		{"foo-one-py3-none-any.whl", `invalid version "one"`},
		{"foo-1.0.-py3-none-any.whl", `invalid version "1.0."`},
		{"foo-1.0+-py3-none-any.whl", `invalid version "1.0+"`},
		{"foo-1.0+a..b-py3-none-any.whl", `invalid version "1.0+a..b"`},
		{"foo-1.0rc1rc2-py3-none-any.whl", `invalid version "1.0rc1rc2"`},
		{"foo-1.0-abc-py3-none-any.whl", `invalid build tag "abc": it must start with a digit`},
		{"foo-1.0-99999999999999999999-py3-none-any.whl", `number out of range`},
		{"foo-1.0-py3.-none-any.whl", `invalid python tag "py3."`},
		{"foo-1.0-py3--any.whl", `invalid ABI tag ""`},
		{"foo-1.0-py3-none-an/y.whl", `invalid platform tag "an/y"`},
		{"foo-1.0%zz-py3-none-any.whl", `invalid percent-encoding`},
		{"", `not a .whl file`},
	}
	for _, tt := range tests {
		_, err := ParseFilename(tt.name)
		if err == nil {
			t.Errorf("ParseFilename(%q) = nil error, want %q", tt.name, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "wheel file name") {
			t.Errorf("ParseFilename(%q) = %q, want it to contain %q", tt.name, err, tt.want)
		}
	}
}

func TestFilenameString(t *testing.T) {
	for _, name := range []string{
		"torch-2.10.0-3-cp312-cp312-manylinux_2_28_x86_64.whl",
		"cryptography-46.0.7-cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"six-1.16.0-py2.py3-none-any.whl",
	} {
		f, err := ParseFilename(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.String(); got != name {
			t.Errorf("String() = %q, want %q", got, name)
		}
	}
}

func TestBuildLess(t *testing.T) {
	order := []string{ // ascending
		"torch-2.10.0-cp312-cp312-linux_x86_64.whl",
		"torch-2.10.0-2-cp312-cp312-linux_x86_64.whl",
		"torch-2.10.0-2a-cp312-cp312-linux_x86_64.whl",
		"torch-2.10.0-2b-cp312-cp312-linux_x86_64.whl",
		"torch-2.10.0-10-cp312-cp312-linux_x86_64.whl",
	}
	for i := range order {
		for j := range order {
			a, _ := ParseFilename(order[i])
			b, _ := ParseFilename(order[j])
			if got := BuildLess(&a, &b); got != (i < j) {
				t.Errorf("BuildLess(%q, %q) = %v", a.Build, b.Build, got)
			}
		}
	}
}

func TestParseFilenameAllocs(t *testing.T) {
	name := "cryptography-46.0.7-cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := ParseFilename(name); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 1 {
		t.Errorf("ParseFilename allocates %v times, want 1 (the Tags slice)", allocs)
	}
}
