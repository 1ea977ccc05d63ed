package pep508

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// set returns an extras function for the given (normalized) names.
func set(names ...string) func(string) bool {
	return func(n string) bool { return slices.Contains(names, n) }
}

func TestEvalOperators(t *testing.T) {
	env := NewEnv("cpython", "3.12.7", "linux", "amd64")
	env.PlatformRelease = "23.1.0"
	tests := []struct {
		marker string
		want   bool
	}{
		// Version variables compare as PEP 440 versions.
		{"python_version == '3.12'", true},
		{"python_version == '3.12.0'", true},
		{"python_version != '3.12'", false},
		{"python_version != '3.11'", true},
		{"python_version < '3.13'", true},
		{"python_version < '3.9'", false}, // "3.12" < "3.9" as strings
		{"python_version <= '3.12'", true},
		{"python_version <= '3.11'", false},
		{"python_version > '3.9'", true}, // "3.12" > "3.9" is false as strings
		{"python_version > '3.12'", false},
		{"python_version >= '3.12'", true},
		{"python_version >= '3.13'", false},
		{"python_version ~= '3.10'", true},
		{"python_version ~= '3.13'", false},
		{"python_full_version ~= '3.12.2'", true},
		{"python_full_version ~= '3.11.2'", false},
		{"python_full_version ~= '3'", false}, // ~= needs two release segments
		{"python_full_version === '3.12.7'", true},
		{"python_full_version === '3.12.07'", false},
		{"python_full_version == '3.12.07'", true},
		{"python_full_version >= '3.12.4'", true},
		{"python_full_version < '3.12.7'", false},
		{"implementation_version >= '3.12.7'", true},
		// Wildcards.
		{"python_version == '3.*'", true},
		{"python_full_version == '3.12.*'", true},
		{"python_full_version == '3.1.*'", false},
		{"python_full_version != '3.12.*'", false},
		{"python_full_version != '3.11.*'", true},
		// Reversed operands.
		{"'3.13' > python_version", true},
		{"'3.9' > python_version", false},
		{"'3.12' <= python_version", true},
		{"'3.13' <= python_version", false},
		{"'3.11' < python_version", true},
		{"'3.12' >= python_version", true},
		{"'3.12' == python_version", true},
		{"'3.11' != python_version", true},
		{"'3.12.9' ~= python_version", true},
		{"'3.10' ~= python_version", false},
		{"'linux' == sys_platform", true},
		{"'darwin' != sys_platform", true},
		{"'lin' in sys_platform", true},
		{"'x' not in sys_platform", false},
		// Not a version: string comparison.
		{"python_version < 'abc'", true},
		{"python_version > 'abc'", false},
		{"python_version == 'abc'", false},
		{"python_version != 'abc'", true},
		{"python_version >= '3.*'", true}, // not a version: "3.12" >= "3.*" as strings
		{"python_version == '3.12,3.13'", false},
		{"python_version ~= 'abc'", false},
		// Version|String variables: versions when both sides parse.
		{"platform_release >= '9.0'", true}, // "23.1.0" >= "9.0" is false as strings
		{"platform_release < '9.0'", false},
		{"platform_release == '23.1'", true},
		{"platform_release >= 'abc'", false},
		{"platform_version == ''", true},
		// Plain strings.
		{"sys_platform == 'linux'", true},
		{"sys_platform != 'linux'", false},
		{"sys_platform == 'Linux'", false},
		{"sys_platform < 'win32'", false},
		{"sys_platform > 'a'", false},
		{"sys_platform <= 'linux'", true},
		{"sys_platform >= 'darwin'", false},
		{"sys_platform ~= 'linux'", false},
		{"sys_platform === 'linux'", true},
		{"platform_machine in 'x86_64 aarch64'", true},
		{"platform_machine not in 'x86_64 aarch64'", false},
		{"platform_machine in 'arm64 aarch64'", false},
		{"python_version in '3.11 3.12'", true},
		{"python_version not in '3.10 3.11'", true},
		{"platform_system == 'Linux'", true},
		{"os_name == 'posix'", true},
		{"implementation_name == 'cpython'", true},
		{"platform_python_implementation == 'CPython'", true},
		// Legacy names.
		{"os.name == 'posix'", true},
		{"sys.platform == 'linux'", true},
		{"platform.machine == 'x86_64'", true},
		{"python_implementation == 'CPython'", true},
		// Quotes.
		{`python_version >= "3.12"`, true},
		{`sys_platform == "linux" and os_name == 'posix'`, true},
		// Precedence: and binds tighter than or.
		{"sys_platform == 'win32' and python_version == '3.12' or sys_platform == 'linux'", true},
		{"sys_platform == 'linux' or sys_platform == 'win32' and python_version == '3.0'", true},
		{"(sys_platform == 'linux' or sys_platform == 'win32') and python_version == '3.0'", false},
		{"sys_platform == 'win32' and (python_version == '3.12' or sys_platform == 'linux')", false},
		{"((sys_platform == 'linux'))", true},
		{"", true},
		{"  ", true},
	}
	for _, tt := range tests {
		m, err := ParseMarker(tt.marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tt.marker, err)
			continue
		}
		if got := m.Eval(&env, nil); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.marker, got, tt.want)
		}
	}
}

func TestEvalExtras(t *testing.T) {
	conflict := "extra == 'extra-8-nanochat-cpu' and extra != 'extra-8-nanochat-gpu'"
	neither := "(extra == 'extra-8-nanochat-cpu' and extra == 'extra-8-nanochat-gpu') or (extra != 'extra-8-nanochat-cpu' and extra != 'extra-8-nanochat-gpu')"
	tests := []struct {
		marker string
		extras func(string) bool
		want   bool
	}{
		{"extra == 'cuda'", set("cuda"), true},
		{"extra == 'cuda'", set("cpu"), false},
		{"extra == 'cuda'", nil, false},
		{"extra != 'cuda'", nil, true},
		{"extra != 'cuda'", set("cuda"), false},
		{"'cuda' == extra", set("cuda"), true},
		{"extra == 'Foo_Bar'", set("foo-bar"), true},
		{"extra == 'foo..--bar'", set("foo-bar"), true},
		{"extra != 'FOO.bar'", set("foo-bar"), false},
		{conflict, set("extra-8-nanochat-cpu"), true},
		{conflict, set("extra-8-nanochat-cpu", "extra-8-nanochat-gpu"), false},
		{conflict, nil, false},
		{neither, nil, true},
		{neither, set("extra-8-nanochat-cpu"), false},
		{neither, set("extra-8-nanochat-cpu", "extra-8-nanochat-gpu"), true},
		{"extra == 'group-11-pydantic-ai-dev'", set("group-11-pydantic-ai-dev"), true},
		{"extra == 'project-8-nanochat'", set("project-8-nanochat"), true},
	}
	env := NewEnv("cpython", "3.12", "linux", "amd64")
	for _, tt := range tests {
		m, err := ParseMarker(tt.marker)
		if err != nil {
			t.Fatalf("ParseMarker(%q): %v", tt.marker, err)
		}
		if got := m.Eval(&env, tt.extras); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.marker, got, tt.want)
		}
	}
}

// TestEvalCorpusMarkers evaluates markers copied from real uv.lock files,
// worked out by hand, in three targets.
func TestEvalCorpusMarkers(t *testing.T) {
	linuxAMD64 := NewEnv("cpython", "3.12", "linux", "amd64")     // python_full_version 3.12.0
	linuxARM64 := NewEnv("cpython", "3.10", "linux", "arm64")     // 3.10.0, aarch64
	darwinARM64 := NewEnv("cpython", "3.13.1", "darwin", "arm64") // arm64
	tests := []struct {
		marker string
		extras []string
		want   [3]bool // linux/amd64 cp312, linux/arm64 cp310, darwin/arm64 cp313
	}{
		{"python_full_version < '3.13' or sys_platform != 'win32'", nil, [3]bool{true, true, true}},
		{"sys_platform == 'linux' or sys_platform == 'win32'", nil, [3]bool{true, true, false}},
		{"platform_release >= '12.0'", nil, [3]bool{false, false, false}},
		{"python_full_version >= '3.12' and python_full_version < '3.14'", nil, [3]bool{true, false, true}},
		{"(python_full_version < '3.14' and sys_platform == 'linux') or (python_full_version < '3.14' and sys_platform == 'win32')", nil, [3]bool{true, true, false}},
		{"python_full_version >= '3.12' and sys_platform == 'darwin'", nil, [3]bool{false, false, true}},
		{"platform_system != 'darwin'", nil, [3]bool{true, true, true}},
		{"(platform_machine == 'aarch64' and platform_python_implementation == 'CPython' and sys_platform == 'linux') or sys_platform == 'darwin'", nil, [3]bool{false, true, true}},
		{"(platform_machine != 'aarch64' and sys_platform == 'linux') or (sys_platform != 'darwin' and sys_platform != 'linux')", nil, [3]bool{true, false, false}},
		{"(platform_machine == 'AMD64' and sys_platform != 'darwin') or (platform_machine == 'x86_64' and sys_platform != 'darwin')", nil, [3]bool{true, false, false}},
		{"(implementation_name != 'pypy' and os_name == 'nt' and platform_machine != 'aarch64' and sys_platform == 'linux') or (implementation_name != 'pypy' and os_name == 'nt' and sys_platform != 'darwin' and sys_platform != 'linux')", nil, [3]bool{false, false, false}},
		{"(platform_machine != 'arm64' and extra == 'format-audio') or (sys_platform != 'darwin' and extra == 'format-audio')", []string{"format-audio"}, [3]bool{true, true, false}},
		{"(platform_machine != 'arm64' and extra == 'format-audio') or (sys_platform != 'darwin' and extra == 'format-audio')", nil, [3]bool{false, false, false}},
		{"python_version < '0'", nil, [3]bool{false, false, false}},
		{"python_full_version == '3.12.*' and sys_platform == 'win32' and extra == 'local-inference'", []string{"local-inference"}, [3]bool{false, false, false}},
		{"(sys_platform == 'darwin' and extra == 'extra-8-nanochat-cpu') or (extra == 'extra-8-nanochat-cpu' and extra == 'extra-8-nanochat-gpu')", []string{"extra-8-nanochat-cpu"}, [3]bool{false, false, true}},
		{"implementation_name != 'PyPy' or (extra == 'extra-8-levanter-gpu' and extra == 'extra-8-levanter-tpu')", nil, [3]bool{true, true, true}},
		{"(python_full_version < '3.13' and os_name == 'nt') or (os_name == 'nt' and sys_platform != 'win32')", nil, [3]bool{false, false, false}},
	}
	envs := []*Env{&linuxAMD64, &linuxARM64, &darwinARM64}
	var c Cache
	for _, tt := range tests {
		for i, env := range envs {
			got, err := c.Eval(tt.marker, env, set(tt.extras...))
			if err != nil {
				t.Fatalf("%q: %v", tt.marker, err)
			}
			if got != tt.want[i] {
				t.Errorf("%q in %s/%s %s with extras %v = %v, want %v",
					tt.marker, env.SysPlatform, env.PlatformMachine, env.PythonFullVersion, tt.extras, got, tt.want[i])
			}
		}
	}
}

func TestNilEnv(t *testing.T) {
	m, err := ParseMarker("sys_platform == '' and python_version < 'a'")
	if err != nil {
		t.Fatal(err)
	}
	if !m.Eval(nil, nil) {
		t.Error("in the empty environment every variable is \"\"")
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"python_version>='3.12'", "python_version >= '3.12'"},
		{`sys_platform == "linux"`, "sys_platform == 'linux'"},
		{`os_name == "it's"`, `os_name == "it's"`},
		{"'3.12'<=python_version", "'3.12' <= python_version"},
		{"sys_platform not   in\t'win32'", "sys_platform not in 'win32'"},
		{"python_implementation == 'CPython'", "platform_python_implementation == 'CPython'"},
		{"os_name == 'a' and (os_name == 'b' and os_name == 'c')", "os_name == 'a' and os_name == 'b' and os_name == 'c'"},
		{"os_name == 'a' or (os_name == 'b' or os_name == 'c')", "os_name == 'a' or os_name == 'b' or os_name == 'c'"},
		{"(os_name == 'a' or os_name == 'b') and os_name == 'c'", "(os_name == 'a' or os_name == 'b') and os_name == 'c'"},
		{"os_name == 'a' or (os_name == 'b' and os_name == 'c')", "os_name == 'a' or os_name == 'b' and os_name == 'c'"},
		{"((os_name == 'a'))", "os_name == 'a'"},
		{"extra == 'Foo_Bar'", "extra == 'Foo_Bar'"},
	}
	for _, tt := range tests {
		m, err := ParseMarker(tt.in)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tt.in, err)
			continue
		}
		if got := m.String(); got != tt.want {
			t.Errorf("ParseMarker(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMarkerErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"python_version", "column 15: expected a comparison operator, found end of marker"},
		{"python_version >", "column 17: expected a marker variable or a quoted string, found end of marker"},
		{"python_version > 3.12", `column 18: expected a quoted string, found "3.12"`},
		{"foo == 'x'", `column 1: unknown marker variable "foo"`},
		{"foo bar", `column 1: unknown marker variable "foo"`},
		{"python_version == 'x", "column 19: unterminated string"},
		{"python_version = '3'", `column 16: invalid operator "="`},
		{"(python_version == '3'", "column 23: expected ')' to close '(' at column 1, found end of marker"},
		{"python_version == '3' sys_platform == 'linux'", `column 23: expected 'and', 'or' or end of marker, found "sys_platform"`},
		{"'a' == 'b'", "column 8: expected a marker variable, found quoted string"},
		{"os_name == os_name", `column 12: expected a quoted string, found "os_name"`},
		{"extra >= 'x'", `column 7: extra supports only == and !=, found ">="`},
		{"extra in 'x y'", `column 7: extra supports only == and !=, found "in"`},
		{"sys_platform not 'x'", "column 18: expected 'in' after 'not', found quoted string"},
		{"python_version == '3' and", "column 26: expected a marker variable or a quoted string, found end of marker"},
		{"()", `column 2: expected a marker variable or a quoted string, found ")"`},
		{"python_version == '3' & x", `column 23: unexpected character "&"`},
		{"os_name == 'é' é", `column 17: unexpected character "é"`},
		{"and", `column 1: expected a marker variable or a quoted string, found "and"`},
		{strings.Repeat("(", 101) + "os_name == 'a'" + strings.Repeat(")", 101), "column 101: parentheses nested deeper than 100"},
	}
	for _, tt := range tests {
		_, err := ParseMarker(tt.in)
		want := fmt.Sprintf("invalid marker %q: %s", tt.in, tt.want)
		if err == nil || err.Error() != want {
			t.Errorf("ParseMarker(%q) error = %v, want %s", tt.in, err, want)
		}
	}
	deep := strings.Repeat("(", 100) + "os_name == 'a'" + strings.Repeat(")", 100)
	if _, err := ParseMarker(deep); err != nil {
		t.Errorf("100 levels of parentheses: %v", err)
	}
}

func TestCacheErrors(t *testing.T) {
	var c Cache
	for range 2 {
		got, err := c.Eval("python_version >", nil, nil)
		want := `invalid marker "python_version >": column 17: expected a marker variable or a quoted string, found end of marker`
		if got || err == nil || err.Error() != want {
			t.Errorf("Cache.Eval = %v, %v; want false, %s", got, err, want)
		}
	}
}

func TestCacheEvalDoesNotAllocate(t *testing.T) {
	var c Cache
	env := NewEnv("cpython", "3.12", "linux", "amd64")
	extras := set("extra-8-nanochat-cpu")
	markers := benchMarkers()
	for _, m := range markers {
		if _, err := c.Eval(m, &env, extras); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, m := range markers {
			_, _ = c.Eval(m, &env, extras)
		}
	})
	if allocs != 0 {
		t.Errorf("Cache.Eval of seen markers allocates %v times per run", allocs)
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"torch", "torch"},
		{"Foo_Bar", "foo-bar"},
		{"a.-_b", "a-b"},
		{"extra-8-nanochat-cpu", "extra-8-nanochat-cpu"},
		{"A--B", "a-b"},
	}
	for _, tt := range tests {
		if got := NormalizeName(tt.in); got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func benchMarkers() []string {
	return []string{
		"python_full_version < '3.13' or sys_platform != 'win32'",
		"sys_platform == 'linux' or sys_platform == 'win32'",
		"platform_release >= '12.0'",
		"python_full_version >= '3.12' and python_full_version < '3.14'",
		"python_full_version == '3.12.*' and sys_platform == 'win32' and extra == 'local-inference'",
		"(platform_machine == 'AMD64' and sys_platform != 'darwin') or (platform_machine == 'x86_64' and sys_platform != 'darwin')",
		"(extra == 'extra-8-nanochat-cpu' and extra == 'extra-8-nanochat-gpu') or (extra != 'extra-8-nanochat-cpu' and extra != 'extra-8-nanochat-gpu')",
		"'3.12.9' ~= python_version",
		"implementation_name != 'PyPy' or (extra == 'extra-8-levanter-gpu' and extra == 'extra-8-levanter-tpu')",
	}
}

func BenchmarkCacheEval(b *testing.B) {
	var c Cache
	env := NewEnv("cpython", "3.12", "linux", "amd64")
	extras := set("extra-8-nanochat-cpu")
	markers := benchMarkers()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Eval(markers[i%len(markers)], &env, extras); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMarker(b *testing.B) {
	const marker = "(python_full_version >= '3.12' and sys_platform == 'darwin' and extra == 'extra-8-nanochat-cpu') or " +
		"(python_full_version < '3.12' and extra == 'extra-8-nanochat-cpu' and extra == 'extra-8-nanochat-gpu') or " +
		"(sys_platform != 'darwin' and extra == 'extra-8-nanochat-cpu' and extra == 'extra-8-nanochat-gpu')"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMarker(marker); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParseMarker(f *testing.F) {
	for _, s := range benchMarkers() {
		f.Add(s)
	}
	for _, s := range []string{"", "()", "'a' not in os_name", `os_name == "it's"`, "python_version > 3", "extra == 'X' or extra != 'y'", "os.name==''"} {
		f.Add(s)
	}
	env := NewEnv("cpython", "3.12", "linux", "amd64")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMarker(s)
		if err != nil {
			return
		}
		m.Eval(&env, set("x"))
		norm := m.String()
		again, err := ParseMarker(norm)
		if err != nil {
			t.Fatalf("String() of %q = %q does not parse: %v", s, norm, err)
		}
		if got := again.String(); got != norm {
			t.Fatalf("String() of %q = %q re-parses to %q", s, norm, got)
		}
		if again.Eval(&env, set("x")) != m.Eval(&env, set("x")) {
			t.Fatalf("%q and its String() %q evaluate differently", s, norm)
		}
	})
}

// TestNormalizeNameExhaustive compares NormalizeName with PEP 503's
// definition (lower case, each run of -, _ and . one -) on every string
// of up to five bytes over an alphabet with each kind of byte.
func TestNormalizeNameExhaustive(t *testing.T) {
	sep := regexp.MustCompile(`[-_.]+`)
	alphabet := []byte("aZ-_.0~\xc3")
	var gen func(prefix []byte)
	gen = func(prefix []byte) {
		name := string(prefix)
		lower := []byte(name) // ASCII letters only: names are ASCII
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		if got, want := NormalizeName(name), sep.ReplaceAllString(string(lower), "-"); got != want {
			t.Fatalf("NormalizeName(%q) = %q, want %q", name, got, want)
		}
		if len(prefix) == 5 {
			return
		}
		for _, c := range alphabet {
			gen(append(prefix, c))
		}
	}
	gen(nil)
}

func TestMarkerVars(t *testing.T) {
	linux := NewEnv("cpython", "3.12.4", "linux", "amd64")
	for _, tt := range []struct {
		marker, want string // want: linux's values of the variables read
	}{
		{"", ""},
		{"extra == 'gpu'", ""},
		{"sys_platform == 'linux' and extra == 'gpu'", "linux\x00"},
		{"python_version >= '3.10' or (platform_machine == 'x86_64' and sys_platform == 'linux')", "x86_64\x003.12\x00linux\x00"},
		{"'3.11' < python_full_version", "3.12.4\x00"},
	} {
		m, err := ParseMarker(tt.marker)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(linux.AppendValues(nil, m.Vars())); got != tt.want {
			t.Errorf("%q: values %q, want %q", tt.marker, got, tt.want)
		}
	}
}
