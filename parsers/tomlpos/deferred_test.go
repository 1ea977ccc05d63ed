package tomlpos

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"golang.org/x/tools/txtar"
)

// TestSpecial compares the word-at-a-time search with a byte loop for
// every byte value at every place of strings up to 40 bytes, and from
// every start.
func TestSpecial(t *testing.T) {
	naive := func(s []byte, i int) int {
		for ; i < len(s); i++ {
			if c := s[i]; c < ' ' || c > '~' || c == '\\' || c == '"' {
				return i
			}
		}
		return i
	}
	for n := range 41 {
		s := bytes.Repeat([]byte{'a'}, n)
		for i := range n {
			for c := range 256 {
				s[i] = byte(c)
				for from := 0; from <= n; from++ {
					if got, want := special(s, from), naive(s, from); got != want {
						t.Fatalf("special(%q, %d) = %d, want %d", s, from, got, want)
					}
				}
			}
			s[i] = 'a'
		}
	}
}

// uvArtifacts defers what a uv.lock reader defers: the sdist and wheels
// of its packages.
var uvArtifacts = Defer{
	Tables: []string{"package", "distribution"},
	Keys:   []DeferField{{Key: "sdist", Kind: Table}, {Key: "wheels", Kind: Array}},
	Fields: []DeferField{
		{Key: "url", Kind: String}, {Key: "hash", Kind: String}, {Key: "size", Kind: Integer},
		{Key: "upload-time", Kind: String}, {Key: "upload_time", Kind: String},
		{Key: "path", Kind: String}, {Key: "filename", Kind: String},
	},
}

// sameDirect fails t unless every value ParseDeferring defers in src is
// built from its text (deferredValue) exactly as go-toml's decode builds
// it: kinds, values, keys, spans and flags. It returns how many it checked.
func sameDirect(t *testing.T, src []byte) int {
	t.Helper()
	doc, err := ParseDeferring("uv.lock", src, &uvArtifacts)
	if err != nil {
		return 0
	}
	n := 0
	var walk func(v *Value)
	walk = func(v *Value) {
		for _, f := range v.Fields {
			if !f.Value.Deferred() {
				walk(f.Value)
				continue
			}
			n++
			text := doc.text[f.KeyOffset:f.Value.End]
			b := &builder{doc: doc, src: []byte(text), text: text, origin: f.KeyOffset}
			direct, ok := b.deferredValue(doc.deferred)
			if !ok {
				t.Fatalf("deferred value at %d not built from its text:\n%s", f.KeyOffset, text)
			}
			var want string
			if err := doc.decode(f.KeyOffset, f.Value.End, false, func(v *Value) { want = dumpValue(v) }); err != nil {
				t.Fatalf("go-toml decode at %d: %v", f.KeyOffset, err)
			}
			if got := dumpValue(direct); got != want {
				t.Fatalf("value at %d:\nfrom its text: %s\ngo-toml:       %s", f.KeyOffset, got, want)
			}
		}
		for _, it := range v.Items {
			walk(it)
		}
	}
	walk(doc.Root)
	return n
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

// TestDirectMatchesGoToml checks the values built from their text against
// go-toml's on every lock of the goldens and the corpus, LF and CRLF.
func TestDirectMatchesGoToml(t *testing.T) {
	var srcs [][]byte
	goldens, _ := filepath.Glob("../../testdata/parsers/uvlock/*.txtar")
	for _, file := range goldens {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "uv.lock" {
				srcs = append(srcs, f.Data)
			}
		}
	}
	for _, file := range uvlocktest.Locks(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	checked := 0
	for _, src := range srcs {
		checked += sameDirect(t, src)
		checked += sameDirect(t, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")))
	}
	if checked == 0 {
		t.Fatal("no value was deferred")
	}
}

// FuzzDirect checks that a deferred value built from its text is the
// value go-toml's decode gives.
func FuzzDirect(f *testing.F) {
	f.Add([]byte("[[package]]\nname = \"a\"\nsdist = { url = \"u\", hash = \"sha256:00\", size = 0, upload-time = \"2024-01-01T00:00:00Z\" }\nwheels = [\n    { url = \"u\", size = 12 },\n    { path = \"p\" }\n]\n"))
	f.Add([]byte("[[package]]\r\nwheels = [\r\n    { filename = \"a-1-py3-none-any.whl\", size = 120 },\r\n]\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sameDirect(t, src)
	})
}

// TestDecodeNotDeferred decodes spans ParseDeferring did not defer: they
// are not built from their text, whose strings the scan did not check,
// but by go-toml.
func TestDecodeNotDeferred(t *testing.T) {
	src := "[[package]]\nname = \"a\\\"b\"\nsdist = { url = \"u\", size = 3 }\n"
	doc, err := ParseDeferring("uv.lock", []byte(src), &uvArtifacts)
	if err != nil {
		t.Fatal(err)
	}
	pkg := doc.Root.Get("package").Items[0]
	if !pkg.Get("sdist").Deferred() {
		t.Fatal("sdist not deferred")
	}
	name := pkg.Fields[0]
	var got string
	if err := doc.Decode(name.KeyOffset, name.Value.End, func(v *Value) { got = v.Str }); err != nil {
		t.Fatal(err)
	}
	if got != `a"b` {
		t.Errorf("name decoded as %q, want %q", got, `a"b`)
	}
}
