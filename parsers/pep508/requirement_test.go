package pep508

import (
	"fmt"
	"reflect"
	"testing"
)

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		in   string
		want Requirement
	}{
		{"requests", Requirement{Name: "requests", NormalizedName: "requests"}},
		{"torch[cuda]>=2.0,<3 ; python_version < '3.12'", Requirement{
			Name: "torch", NormalizedName: "torch", Extras: []string{"cuda"},
			Specifier: ">=2.0,<3", Marker: "python_version < '3.12'",
		}},
		{"  Foo_Bar.baz [Extra_One , two] (>=1.0, <2)  ", Requirement{
			Name: "Foo_Bar.baz", NormalizedName: "foo-bar-baz", Extras: []string{"extra-one", "two"},
			Specifier: ">=1.0, <2",
		}},
		{"pkg @ https://example.com/pkg-1.0.whl ; sys_platform == 'linux'", Requirement{
			Name: "pkg", NormalizedName: "pkg", URL: "https://example.com/pkg-1.0.whl", Marker: "sys_platform == 'linux'",
		}},
		{"pkg@file:///tmp/x;y.whl", Requirement{Name: "pkg", NormalizedName: "pkg", URL: "file:///tmp/x;y.whl"}},
		{"A.B-C_D==1.0;python_version<'3'", Requirement{
			Name: "A.B-C_D", NormalizedName: "a-b-c-d", Specifier: "==1.0", Marker: "python_version<'3'",
		}},
		{"name[] ~= 1.4.2", Requirement{Name: "name", NormalizedName: "name", Specifier: "~= 1.4.2"}},
		{"torch==2.9.1+cu128 ; extra == 'extra-8-nanochat-gpu'", Requirement{
			Name: "torch", NormalizedName: "torch", Specifier: "==2.9.1+cu128", Marker: "extra == 'extra-8-nanochat-gpu'",
		}},
	}
	for _, tt := range tests {
		got, err := ParseRequirement(tt.in)
		if err != nil {
			t.Errorf("ParseRequirement(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRequirement(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseRequirementErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "column 1: expected a package name, found end of requirement"},
		{">=1.0", `column 1: expected a package name, found ">"`},
		{"-pkg", `column 1: package name "-pkg" must start and end with a letter or digit`},
		{"pkg[a", "column 6: expected ',' or ']', found end of requirement"},
		{"pkg[", "column 5: expected ']' to close '[' at column 4"},
		{"pkg[a,]", `column 7: expected an extra name, found "]"`},
		{"pkg >=1.0 ;", "column 12: expected a marker after ';'"},
		{"pkg ; python_version >", "column 23: expected a marker variable or a quoted string, found end of marker"},
		{"pkg ; bogus == '1'", `column 7: unknown marker variable "bogus"`},
		{"pkg =>1.0", `column 5: invalid version specifier "=>1.0"`},
		{"pkg @ ", "column 7: expected a URL after '@'"},
		{"pkg (>=1.0", "column 5: expected ')' to close '('"},
		{"pkg (>=1.0) x", `column 13: expected ';' or end of requirement, found "x"`},
		{"pkg @ https://x y", `column 17: expected ';' or end of requirement, found "y"`},
	}
	for _, tt := range tests {
		_, err := ParseRequirement(tt.in)
		want := fmt.Sprintf("invalid requirement %q: %s", tt.in, tt.want)
		if err == nil || err.Error() != want {
			t.Errorf("ParseRequirement(%q) error = %v, want %s", tt.in, err, want)
		}
	}
}

func FuzzParseRequirement(f *testing.F) {
	for _, s := range []string{
		"requests", "torch[cuda]>=2.0,<3 ; python_version < '3.12'", "pkg @ https://x/y.whl ; os_name == 'nt'",
		"a (>=1)", "b[x,y]", "c ; ", "d @", "e[",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequirement(s)
		if err != nil {
			return
		}
		if r.Name == "" || r.NormalizedName != NormalizeName(r.Name) {
			t.Fatalf("ParseRequirement(%q) = %+v: bad name", s, r)
		}
		if _, err := ParseMarker(r.Marker); err != nil {
			t.Fatalf("ParseRequirement(%q) kept a marker that does not parse: %v", s, err)
		}
	})
}
