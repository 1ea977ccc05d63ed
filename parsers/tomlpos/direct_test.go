package tomlpos

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"golang.org/x/tools/txtar"
)

// TestStringEnd compares the word-at-a-time check with a byte loop for
// every byte value at every place of strings up to 40 bytes.
func TestStringEnd(t *testing.T) {
	naive := func(s []byte) int {
		for i, c := range s {
			switch {
			case c == '"':
				return i
			case c < ' ' || c > '~' || c == '\\':
				return -1
			}
		}
		return -1
	}
	for n := range 41 {
		s := bytes.Repeat([]byte{'a'}, n)
		for i := range n {
			for c := range 256 {
				s[i] = byte(c)
				for _, text := range [][]byte{s, append(slices.Clone(s), '"')} {
					if got, want := stringEnd(text, 0), naive(text); got != want {
						t.Fatalf("stringEnd(%q) = %d, want %d", text, got, want)
					}
				}
			}
			s[i] = 'a'
		}
	}
}

// sameDirect fails t unless src builds, with the lines direct reads built
// from their text, the tree go-toml alone builds: kinds, values, keys,
// spans, flags and line starts. It reports whether the direct build
// succeeded (it gives up on errors and on what it cannot tell, and Parse
// then uses go-toml's).
func sameDirect(t *testing.T, src []byte) bool {
	t.Helper()
	want, wantErr := parse("t.toml", src, false)
	got, err := parse("t.toml", src, true)
	if err != nil {
		return false
	}
	if wantErr != nil {
		t.Fatalf("built directly, go-toml says %v:\n%s", wantErr, src)
	}
	if g, w := dumpValue(got.Root), dumpValue(want.Root); g != w {
		t.Fatalf("trees differ:\ndirect:  %s\ngo-toml: %s\n%s", g, w, src)
	}
	if !slices.Equal(got.lineStarts, want.lineStarts) {
		t.Fatalf("line starts differ:\ndirect:  %v\ngo-toml: %v\n%q", got.lineStarts, want.lineStarts, src)
	}
	return true
}

// dumpValue spells out everything a Value holds.
func dumpValue(v *Value) string {
	var b strings.Builder
	var dump func(v *Value)
	dump = func(v *Value) {
		fmt.Fprintf(&b, "%s %q %d %v [%d,%d) %b", v.Kind, v.Str, v.Int, v.Bool, v.Offset, v.End, v.flags)
		for _, it := range v.Items {
			b.WriteString(" item(")
			dump(it)
			b.WriteString(")")
		}
		for _, f := range v.Fields {
			fmt.Fprintf(&b, " %q@%d=(", f.Key, f.KeyOffset)
			dump(f.Value)
			b.WriteString(")")
		}
	}
	dump(v)
	return b.String()
}

// TestDirectMatchesGoToml checks the direct build against go-toml's on
// every lock of the goldens and the corpus and every pyproject.toml of the
// corpus, LF and CRLF: each lock is built directly, whole.
func TestDirectMatchesGoToml(t *testing.T) {
	var locks, others [][]byte
	goldens, _ := filepath.Glob("../../testdata/parsers/uvlock/*.txtar")
	for _, file := range goldens {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "uv.lock" {
				others = append(others, f.Data) // some are broken on purpose
			}
		}
	}
	for _, file := range uvlocktest.Locks(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		locks = append(locks, src)
	}
	pyprojects, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "uvlock", "*.pyproject.toml"))
	for _, file := range pyprojects {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		others = append(others, src)
	}
	for _, doc := range validDocs {
		others = append(others, []byte(doc))
	}
	for _, src := range locks {
		for _, s := range [][]byte{src, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))} {
			if !sameDirect(t, s) {
				t.Fatalf("a corpus lock was not built directly:\n%.300s", s)
			}
		}
	}
	for _, src := range others {
		sameDirect(t, src)
		sameDirect(t, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")))
	}
}

// TestDirectCases covers the forms direct reads and the ones it leaves to
// go-toml, each checked against go-toml's tree.
func TestDirectCases(t *testing.T) {
	for _, c := range []struct {
		src    string
		direct bool // built directly, whole
	}{
		{"version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n", true},
		{"[[package]]\nname = \"a\"\nsource = { registry = \"https://pypi.org/simple\" }\ndependencies = [\n    { name = \"b\", extra = [\"x\", \"y\"], marker = \"sys_platform == 'linux'\" },\n]\nwheels = [\n    { url = \"u\", size = 12 },\n    { path = \"p\" }\n]\n\n[package.optional-dependencies]\ncpu = [\n    { name = \"c\" },\n]\n", true},
		{"[a]\nb = true\nc = false\nd = []\ne = {}\nf = [[1, 2], [3]]\ng = { h = { i = 0 } }\n", true},
		{"a = [\n]\nb = [\n    1\n]\n", true},
		{"t = { a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5, a6 = 6, a7 = 7, a8 = 8, a9 = 9, a10 = 10, a11 = 11, a12 = 12, a13 = 13, a14 = 14, a15 = 15, a16 = 16, a17 = 17, a18 = 18 }\n", true},
		{"\ufeffa = 1\n", true},
		{"a = 1", true},
		{"a = 1\n\n\n", true},
		// Left to go-toml, line by line.
		{"a = 1 # one\nb = \"x\\\"y\"\nc = 'lit'\nd.e = 2\n\"q\" = 3\nf = 1_000\ng = 1.5\nh = \"é\"\ni = [ 1 ]\n", true},
		{"a = \"\"\"\n[[package]]\nb = 1\n\"\"\"\nc = 2\n", false},
		{"x = [\n  1, # one\n  2,\n]\ny = 3\n", true},
		{"[t]\n[ u ]\nv = 1\n", true},
		// Errors: go-toml's, at go-toml's place.
		{"a = 1\na = 2\n", false},
		{"[a]\n[a]\n", false},
		{"a = { b = 1, b = 2 }\n", false},
		{"a = \"unterminated\n", false},
		{"[[a]]\n[a]\n", false},
	} {
		src := []byte(c.src)
		if got := sameDirect(t, src); got != c.direct {
			t.Errorf("built directly: %v, want %v:\n%s", got, c.direct, c.src)
		}
		sameDirect(t, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")))
		want, wantErr := parse("t.toml", src, false)
		got, err := Parse("t.toml", src)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("Parse error %v, go-toml's %v:\n%s", err, wantErr, c.src)
		}
		if err == nil && dumpValue(got.Root) != dumpValue(want.Root) {
			t.Errorf("Parse's tree is not go-toml's:\n%s", c.src)
		}
		if err == nil {
			// Every key is found, in tables large enough for an index too.
			var look func(v *Value)
			look = func(v *Value) {
				for _, f := range v.Fields {
					if v.Get(f.Key) != f.Value {
						t.Errorf("Get(%q) is not its field's value:\n%s", f.Key, c.src)
					}
					look(f.Value)
				}
				for _, it := range v.Items {
					look(it)
				}
			}
			look(got.Root)
		}
	}
}

// FuzzDirect checks that the direct build, when it succeeds, is go-toml's.
func FuzzDirect(f *testing.F) {
	f.Add([]byte("[[package]]\nname = \"a\"\nsdist = { url = \"u\", hash = \"sha256:00\", size = 0, upload-time = \"2024-01-01T00:00:00Z\" }\nwheels = [\n    { url = \"u\", size = 12 },\n    { path = \"p\" }\n]\n"))
	f.Add([]byte("[[package]]\r\nwheels = [\r\n    { filename = \"a-1-py3-none-any.whl\", size = 120 },\r\n]\r\n"))
	f.Add([]byte("[a.b]\nc = [true, false, {}, []]\n[[a.d]]\ne = { f = \"g\" }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameDirect(t, src)
	})
}

// TestIsBare checks the bit sets of isBare against TOML's bare key bytes.
func TestIsBare(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		want := 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '-' || b == '_'
		if got := isBare(b); got != want {
			t.Errorf("isBare(%q) = %v", b, got)
		}
	}
}
