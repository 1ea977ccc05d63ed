package tomlpos

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// sameAsGoToml reports how the tree v differs from x, the value go-toml's
// decoder gives for the same TOML, or "" when they agree.
func sameAsGoToml(v *Value, x any, path string) string {
	switch v.Kind {
	case String, Integer, Float, Bool:
		var want any
		switch v.Kind {
		case String:
			want = v.Str
		case Integer:
			want = v.Int
		case Float:
			if f, ok := x.(float64); ok && math.IsNaN(f) && math.IsNaN(v.Float) {
				return ""
			}
			want = v.Float
		case Bool:
			want = v.Bool
		default:
		}
		if x != want {
			return fmt.Sprintf("%s: %#v, go-toml %#v", path, want, x)
		}
	case Datetime:
		switch x.(type) {
		case time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		default:
			return fmt.Sprintf("%s: datetime %q, go-toml %#v", path, v.Str, x)
		}
	case Array:
		xs, ok := x.([]any)
		if !ok || len(xs) != len(v.Items) {
			return fmt.Sprintf("%s: array of %d, go-toml %#v", path, len(v.Items), x)
		}
		for i, it := range v.Items {
			if d := sameAsGoToml(it, xs[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case Table:
		m, ok := x.(map[string]any)
		if !ok || len(m) != len(v.Fields) {
			return fmt.Sprintf("%s: table of %d keys, go-toml %#v", path, len(v.Fields), x)
		}
		for _, f := range v.Fields {
			if d := sameAsGoToml(f.Value, m[f.Key], path+"."+f.Key); d != "" {
				return d
			}
		}
	default:
		return fmt.Sprintf("%s: kind %v", path, v.Kind)
	}
	return ""
}

var validDocs = []string{
	"",
	"a = 1\nb = 'two'\nc = \"th\\u00e9ree\\n\"\nd = 1.5e3\ne = true\nf = -0\n",
	"a = 0xDEAD_beef\nb = 0o755\nc = 0b1010\nd = +1_000\ne = -inf\nf = nan\ng = +nan\nh = 6.626e-34\n",
	"a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999999-07:00\nc = 1979-05-27 07:32:00\nd = 1979-05-27\ne = 07:32:00\nf = 00:32:00.5\ng = 2024-02-29\n",
	"s = \"\"\"\nmulti\\\n   line\"\"\"\nl = '''\nraw\\n'''\n",
	"[a.b.c]\nx = 1\n[a]\ny = 2\n[a.b]\nz = 3\n",
	"[[p]]\nn = 1\n[p.m]\nk = 1\n[[p.q]]\nr = 1\n[[p]]\nn = 2\n",
	"a.b.c = 1\na.b.d = 2\na.e = { f = [1, [2, 'x'], { g = 3 }] }\n",
	"t = { a.b = 1, a.c = 2 }\n",
	"[x]\ny.z = 1\n[x.y.w]\nv = 1\n",
	"arr = [\n  1, # one\n  2,\n  # comment\n]\n",
	"\"quoted key\" = 1\n'literal.key' = 2\n[\"a b\".'c']\nd = 3\n",
	"[a]\n[a.b]\n[b]\n[a.c]\nx = 1\n",
}

func TestMatchesGoToml(t *testing.T) {
	docs := append([]string(nil), validDocs...)
	for _, pattern := range []string{"*.uv.lock", "*.pyproject.toml"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "corpus", "uvlock", pattern))
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, string(src))
		}
	}
	for i, src := range docs {
		var want map[string]any
		if err := toml.Unmarshal([]byte(src), &want); err != nil {
			t.Fatalf("doc %d: go-toml rejects it: %v", i, err)
		}
		doc, err := Parse("t.toml", []byte(src))
		if err != nil {
			t.Errorf("doc %d: %v", i, err)
			continue
		}
		if want == nil {
			want = map[string]any{}
		}
		if d := sameAsGoToml(doc.Root, want, "doc"+fmt.Sprint(i)); d != "" {
			t.Error(d)
		}
	}
}

func TestInvalid(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"a = 1\na = 2\n", `t.toml:2:1: duplicate key "a"`},
		{"a = 1\n\"a\" = 2\n", `t.toml:2:1: duplicate key "a"`},
		{"[t]\n[t]\n", `t.toml:2:2: table "t" is already defined`},
		{"[t]\nx.y = 1\n[t.x]\n", `t.toml:3:4: table "t.x" is already defined`},
		{"[t.x]\n[t]\nx.y = 1\n", `t.toml:3:1: cannot add key "x.y" to "x": it is already defined as a table`},
		{"a = 1\n[a.b]\n", `t.toml:2:2: cannot define table "a.b": key "a" is already defined as an integer`},
		{"a = [1]\n[[a]]\n", `t.toml:2:3: cannot define array of tables "a": key "a" is already defined as an array`},
		{"[[a]]\n[a]\n", `t.toml:2:2: cannot define table "a": key "a" is already defined as an array of tables`},
		{"a = { b = 1 }\n[a.c]\n", `t.toml:2:2: cannot define table "a.c": key "a" is already defined as an inline table`},
		{"a = { b = 1 }\na.c = 1\n", `t.toml:2:1: cannot add key "a.c" to "a": it is already defined as an inline table`},
		{"a = { b = 1, b = 2 }\n", `t.toml:1:14: duplicate key "b"`},
		{"a = { b.c = 1, b = 2 }\n", `t.toml:1:16: duplicate key "b"`},
		{"a = 2023-02-29\n", `t.toml:1:5: invalid date or time "2023-02-29"`},
		{"a = 24:00:00\n", `t.toml:1:5: invalid date or time "24:00:00"`},
		{"a = 07:00:00Z\n", `t.toml:1:5: invalid date or time "07:00:00Z"`},
		{"a = 1979-05-27T07:32:00+25:00\n", `t.toml:1:5: invalid date or time "1979-05-27T07:32:00+25:00"`},
		{"a = 9223372036854775808\n", `t.toml:1:5: integer 9223372036854775808 is out of range`},
		{"a = 1e999\n", `t.toml:1:5: float 1e999 is out of range`},
		{"a = \"unterminated\n", `t.toml:1:18: basic strings cannot have new lines`},
		{"a = [1, 2", `t.toml:1:9: array is incomplete`},
		{"[a\n", `t.toml:1:3: expected ']' to close table name`},
	} {
		_, err := Parse("t.toml", []byte(c.src))
		var e *Error
		if !errors.As(err, &e) || err.Error() != c.want {
			t.Errorf("Parse(%q):\n got  %v\n want %s", c.src, err, c.want)
		}
	}
}

const spansDoc = `top = [ 1,
  [2, 3], # nested
  { a = 'x' },
]
[tbl]  # a header
key = { inner = { deep = true }, list = [] }
[[aot]]
n = 1
[aot.sub]
m = 2
[[aot]]
`

func TestSpans(t *testing.T) {
	doc, err := Parse("t.toml", []byte(spansDoc))
	if err != nil {
		t.Fatal(err)
	}
	r := doc.Root
	aot := r.Get("aot")
	for _, c := range []struct {
		what string
		v    *Value
		want string
	}{
		{"array", r.Get("top"), "[ 1,\n  [2, 3], # nested\n  { a = 'x' },\n]"},
		{"nested array", r.Get("top").Items[1], "[2, 3]"},
		{"inline in array", r.Get("top").Items[2], "{ a = 'x' }"},
		{"table", r.Get("tbl"), "[tbl]  # a header\nkey = { inner = { deep = true }, list = [] }"},
		{"inline table", r.Get("tbl").Get("key"), "{ inner = { deep = true }, list = [] }"},
		{"nested inline", r.Get("tbl").Get("key").Get("inner"), "{ deep = true }"},
		{"empty array", r.Get("tbl").Get("key").Get("list"), "[]"},
		{"array of tables", aot, "[[aot]]\nn = 1\n[aot.sub]\nm = 2\n[[aot]]"},
		{"first element with sub-table", aot.Items[0], "[[aot]]\nn = 1\n[aot.sub]\nm = 2"},
		{"sub-table", aot.Items[0].Get("sub"), "[aot.sub]\nm = 2"},
		{"empty element", aot.Items[1], "[[aot]]"},
	} {
		if got := spansDoc[c.v.Offset:c.v.End]; got != c.want {
			t.Errorf("%s: span %q, want %q", c.what, got, c.want)
		}
	}
	if f := r.Fields[1]; f.Key != "tbl" || spansDoc[f.KeyOffset:f.KeyOffset+3] != "tbl" {
		t.Errorf("key offset of %q is %d", f.Key, f.KeyOffset)
	}
}

func TestLineCol(t *testing.T) {
	src := "ab\ncd\r\n\nx"
	doc := &Doc{File: "f", text: src, lineStarts: lineStarts([]byte(src))}
	for off, want := range map[int]string{0: "1:1", 1: "1:2", 2: "1:3", 3: "2:1", 7: "3:1", 8: "4:1", 9: "4:2", 99: "4:2", -1: "1:1"} {
		if l, c := doc.LineCol(off); fmt.Sprintf("%d:%d", l, c) != want {
			t.Errorf("LineCol(%d) = %d:%d, want %s", off, l, c, want)
		}
	}
}

// TestLineColFrom checks the search from a hint against LineCol for every
// offset and every hint.
func TestLineColFrom(t *testing.T) {
	src := "ab\ncd\r\n\nx\n\n\n\nlong line\n"
	doc := &Doc{File: "f", text: src, lineStarts: lineStarts([]byte(src))}
	for off := -1; off <= len(src)+1; off++ {
		wl, wc := doc.LineCol(off)
		for hint := range len(doc.lineStarts) + 2 {
			if l, c, next := doc.lineColFrom(off, hint); l != wl || c != wc || next != l-1 {
				t.Errorf("lineColFrom(%d, %d) = %d:%d (next %d), LineCol %d:%d", off, hint, l, c, next, wl, wc)
			}
		}
	}
}

func TestLargeTableLookup(t *testing.T) {
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	_, err := Parse("t.toml", []byte(b.String()+"k50 = 0\n"))
	if err == nil || !strings.Contains(err.Error(), `t.toml:101:1: duplicate key "k50"`) {
		t.Fatalf("duplicate in an indexed table: %v", err)
	}
	doc, err := Parse("t.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.Root.Get("k77"); v == nil || v.Int != 77 {
		t.Errorf("Get(k77) = %+v", v)
	}
	if doc.Root.Get("k100") != nil {
		t.Error("Get found a missing key")
	}
}

// FuzzTree compares the tree with go-toml's decoder: both accept the same
// documents and read the same values, and every span lies in the input.
func FuzzTree(f *testing.F) {
	for _, doc := range validDocs {
		f.Add([]byte(doc))
	}
	f.Add([]byte(spansDoc))
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse("t.toml", src)
		var want map[string]any
		goErr := toml.Unmarshal(src, &want)
		if (err == nil) != (goErr == nil) {
			if strings.HasPrefix(string(src), utf8BOM) {
				t.Skip("tomlpos skips a BOM, go-toml does not")
			}
			t.Fatalf("acceptance differs: tomlpos %v, go-toml %v", err, goErr)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 1 || e.Col < 1 {
				t.Fatalf("error %v (%T) has no position", err, err)
			}
			return
		}
		if want == nil {
			want = map[string]any{}
		}
		if d := sameAsGoToml(doc.Root, want, "doc"); d != "" {
			t.Fatal(d)
		}
		checkSpans(t, src, doc.Root)
	})
}

func checkSpans(t *testing.T, src []byte, v *Value) {
	t.Helper()
	if v.Offset < 0 || v.Offset > v.End || v.End > len(src) {
		t.Fatalf("span [%d:%d] outside the %d-byte input", v.Offset, v.End, len(src))
	}
	for _, it := range v.Items {
		checkSpans(t, src, it)
	}
	for _, f := range v.Fields {
		checkSpans(t, src, f.Value)
	}
}
