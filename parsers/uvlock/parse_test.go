package uvlock

import (
	"bytes"
	"errors"
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of the txtar goldens")

const goldenDir = "../../testdata/parsers/uvlock"

// TestGolden parses the uv.lock of each txtar case and compares the dump of
// the model, every position included, with its want section.
func TestGolden(t *testing.T) {
	tomlpostest.Golden(t, goldenDir, "uv.lock", *update, Parse)
}

const positionsLock = `version = 1
requires-python = ">=3.12"

[[package]]
name = "a"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "b", marker = "os_name == 'nt'" },
]
wheels = [
  { url = "https://x/a-1.0-py3-none-any.whl", hash = "sha256:00" },
]

[package.optional-dependencies]
fast = [{ name = "b" }]

[[package]]
name = "b"
version = "2.0"
source = { registry = "https://pypi.org/simple" }
`

// TestPositions checks by hand the positions a rule reports most: the
// package entry, its name, an edge and a wheel.
func TestPositions(t *testing.T) {
	lock, err := Parse("uv.lock", []byte(positionsLock))
	if err != nil {
		t.Fatal(err)
	}
	a := lock.Packages[0]
	text := func(p Pos) string { return positionsLock[p.Offset:p.EndOffset] }
	for _, c := range []struct {
		what      string
		pos       Pos
		line, col int
		text      string
	}{
		{"package a", a.Pos, 4, 1, positionsLock[strings.Index(positionsLock, "[[package]]") : strings.Index(positionsLock, `[{ name = "b" }]`)+16]},
		{"name of a", a.NamePos, 5, 8, `"a"`},
		{"version of a", a.VersionPos, 6, 11, `"1.0"`},
		{"source of a", a.Source.Pos, 7, 10, `{ registry = "https://pypi.org/simple" }`},
		{"edge a -> b", a.Dependencies[0].Pos, 9, 5, `{ name = "b", marker = "os_name == 'nt'" }`},
		{"wheel of a", a.Wheels()[0].Pos, 12, 3, `{ url = "https://x/a-1.0-py3-none-any.whl", hash = "sha256:00" }`},
		{"optional edge", a.OptionalDependencies["fast"][0].Pos, 16, 9, `{ name = "b" }`},
		{"package b", lock.Packages[1].Pos, 18, 1, "[[package]]\nname = \"b\"\nversion = \"2.0\"\nsource = { registry = \"https://pypi.org/simple\" }"},
		{"requires-python", lock.RequiresPythonPos, 2, 19, `">=3.12"`},
	} {
		if c.pos.Line != c.line || c.pos.Col != c.col || text(c.pos) != c.text {
			t.Errorf("%s: got %d:%d %q, want %d:%d %q", c.what, c.pos.Line, c.pos.Col, text(c.pos), c.line, c.col, c.text)
		}
	}
}

// TestByteOddities covers what txtar cannot hold: CRLF line ends, a BOM, no
// final newline.
func TestByteOddities(t *testing.T) {
	base, err := Parse("uv.lock", []byte(positionsLock))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string][]byte{
		"crlf":       []byte(strings.ReplaceAll(positionsLock, "\n", "\r\n")),
		"bom":        append([]byte("\xEF\xBB\xBF"), positionsLock...),
		"no newline": []byte(strings.TrimSuffix(positionsLock, "\n")),
	} {
		lock, err := Parse("uv.lock", src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := tomlpostest.CheckPositions(src, lock); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		e := lock.Packages[0].Dependencies[0]
		if e.Marker != "os_name == 'nt'" || e.Pos.Line != 9 || !bytes.HasPrefix(src[e.Pos.Offset:], []byte("{ name")) {
			t.Errorf("%s: edge %+v", name, e)
		}
		if len(lock.Packages) != len(base.Packages) || lock.RequiresPython != base.RequiresPython {
			t.Errorf("%s: model differs from the LF original", name)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{
		{"empty", "", `uv.lock:1:1: not a uv.lock file: no top-level "version" key and no [[package]] tables`},
		{"pyproject", "[project]\nname = \"x\"\n", `uv.lock:1:1: not a uv.lock file: no top-level "version" key and no [[package]] tables`},
		{"no version", "requires-python = \">=3\"\n[[package]]\nname = \"a\"\n", `uv.lock:1:1: missing top-level "version" key`},
		{"binary", "\x00\x01\x02\xff\xfe", `uv.lock:1:1: invalid character at start of key: U+0000`},
		{"invalid utf-8 in string", "version = 1\nrequires-python = \"\xff\"\n", `uv.lock:2:20: invalid UTF-8 character in basic string`},
		{"invalid utf-8 in comment", "version = 1 # \xc3\x28\n", `uv.lock:1:15: invalid UTF-8 character in comment`},
		{"truncated table", "version = 1\n[[package]]\nname = \"a\"\nsource = { registry = \"https://py", `uv.lock:4:33: unterminated basic string`},
		{"truncated array", "version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" },\n", `uv.lock:5:19: array is incomplete`},
		{"missing equals", "version = 1\n\n[[package]]\nname \"a\"\n", `uv.lock:4:6: expected '=' after key`},
		{"version type", "version = \"1\"\n", `uv.lock:1:11: key "version": expected an integer, got a string`},
		{"revision type", "version = 1\nrevision = 1.5\n", `uv.lock:2:12: key "revision": expected an integer, got a float`},
		{"size type", "version = 1\n[[package]]\nname = \"a\"\nwheels = [{ url = \"u\", size = \"12\" }]\n", `uv.lock:4:31: key "size": expected an integer, got a string`},
		{"negative size", "version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\", size = -1 }\n", `uv.lock:4:29: key "size": -1 is negative`},
		{"dependencies type", "version = 1\n[[package]]\nname = \"a\"\ndependencies = { name = \"b\" }\n", `uv.lock:4:16: key "dependencies": expected an array, got an inline table`},
		{"edge type", "version = 1\n[[package]]\nname = \"a\"\ndependencies = [\"b\"]\n", `uv.lock:4:17: key "dependencies": expected a table, got a string`},
		{"marker type", "version = 1\n[[package]]\nname = \"a\"\ndependencies = [{ name = \"b\", marker = true }]\n", `uv.lock:4:40: key "marker": expected a string, got a boolean`},
		{"package type", "version = 1\npackage = 3\n", `uv.lock:2:11: key "package": expected an array, got an integer`},
		{"no name", "version = 1\n[[package]]\nversion = \"1\"\n", `uv.lock:2:1: package without a "name"`},
		{"edge without name", "version = 1\n[[package]]\nname = \"a\"\ndependencies = [{ marker = \"x\" }]\n", `uv.lock:4:17: dependency without a "name"`},
		{"two source kinds", "version = 1\n[[package]]\nname = \"a\"\nsource = { registry = \"r\", git = \"g\" }\n", `uv.lock:4:34: source is both registry and git`},
		{"duplicate key", "version = 1\n[[package]]\nname = \"a\"\nname = \"b\"\n", `uv.lock:4:1: duplicate key "name"`},
		{"duplicate table", "version = 1\n[options]\n[options]\n", `uv.lock:3:2: table "options" is already defined`},
		{"table over array", "version = 1\npackage = []\n[[package]]\n", `uv.lock:3:3: cannot define array of tables "package": key "package" is already defined as an array`},
		{"dotted into inline", "version = 1\nopts = { a = 1 }\nopts.b = 2\n", `uv.lock:3:1: cannot add key "opts.b" to "opts": it is already defined as an inline table`},
		{"bad date", "version = 1\nx = 2024-02-30\n", `uv.lock:2:5: invalid date or time "2024-02-30"`},
		{"huge integer", "version = 99999999999999999999\n", `uv.lock:1:11: integer 99999999999999999999 is out of range`},
		{"version out of int range", "version = 9999999999999\n", `uv.lock:1:11: key "version": 9999999999999 is out of range`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("uv.lock", []byte(c.src))
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("got %v (%T), want an *Error", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}

// TestTruncations parses every prefix of a real-looking lock: each must
// parse or fail with a positioned *Error, never panic.
func TestTruncations(t *testing.T) {
	src := tomlpostest.Section(t, mustArchive(t, "sources.txtar"), "uv.lock")
	prefix := regexp.MustCompile(`^uv\.lock:[1-9][0-9]*:[1-9][0-9]*: `)
	for i := range src {
		lock, err := Parse("uv.lock", src[:i])
		if err != nil {
			if !prefix.MatchString(err.Error()) {
				t.Fatalf("prefix %d: error without a position: %v", i, err)
			}
			continue
		}
		if err := tomlpostest.CheckPositions(src[:i], lock); err != nil {
			t.Fatalf("prefix %d: %v", i, err)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"requests":           "requests",
		"Django":             "django",
		"zope.interface":     "zope-interface",
		"ruamel_yaml":        "ruamel-yaml",
		"A__b--C..d":         "a-b-c-d",
		"nvidia-cudnn-cu12":  "nvidia-cudnn-cu12",
		"-lead":              "-lead",
		"trail_":             "trail-",
		"Friendly-Bard.Tool": "friendly-bard-tool",
		"":                   "",
	} {
		if got := NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func parseCase(t *testing.T, name string) *Lock {
	t.Helper()
	lock, err := Parse("uv.lock", tomlpostest.Section(t, mustArchive(t, name), "uv.lock"))
	if err != nil {
		t.Fatal(err)
	}
	return lock
}

func TestLookupResolveRoots(t *testing.T) {
	lock := parseCase(t, "sources.txtar")
	if got := len(lock.Lookup("Torch")); got != 2 {
		t.Errorf("Lookup(Torch) found %d entries, want 2", got)
	}
	if got := lock.Lookup("vendored_sdist"); len(got) != 1 || got[0].Version != "2.0" {
		t.Errorf("Lookup(vendored_sdist) = %v", got)
	}
	if got := lock.Lookup("missing"); got != nil {
		t.Errorf("Lookup(missing) = %v", got)
	}

	app := lock.Packages[0]
	for i, want := range []string{"2.9.1", "2.9.1+cpu", "0.2.0", "0.0.1", "1.0", "3.8.0", "1.0.0", "1.0"} {
		p := lock.Resolve(app.Dependencies[i])
		if p == nil || p.Version != want {
			t.Errorf("Resolve(%s %s) = %v, want version %s", app.Dependencies[i].Name, app.Dependencies[i].Version, p, want)
		}
	}
	if p := lock.Resolve(Dependency{Name: "torch"}); p != nil {
		t.Errorf("Resolve(torch) without version chose %s, want nil (ambiguous)", p.Version)
	}
	if p := lock.Resolve(Dependency{Name: "torch", Version: "2.9.1+cpu", Source: &Source{Kind: Registry, Value: "https://pypi.org/simple"}}); p != nil {
		t.Errorf("Resolve with the wrong source found %s", p.Version)
	}

	if got := names(lock.Roots()); got != "app" {
		t.Errorf("Roots() = %s, want app", got)
	}
	if got := names(parseCase(t, "manifest.txtar").Roots()); got != "crewai crewai-tools" {
		t.Errorf("Roots() of a workspace = %s", got)
	}
}

func names(pkgs []*Package) string {
	var s []string
	for _, p := range pkgs {
		s = append(s, p.Name)
	}
	return strings.Join(s, " ")
}

func TestArtifactName(t *testing.T) {
	for _, c := range []struct {
		a    Artifact
		want string
	}{
		{Artifact{URL: "https://download.pytorch.org/whl/cpu/torch-2.9.1%2Bcpu-cp312-cp312-linux_x86_64.whl"}, "torch-2.9.1+cpu-cp312-cp312-linux_x86_64.whl"},
		{Artifact{URL: "https://files.example/x-1.0.tar.gz?token=a#frag"}, "x-1.0.tar.gz"},
		{Artifact{Path: `wheels\x-1.0-py3-none-any.whl`}, "x-1.0-py3-none-any.whl"},
		{Artifact{Filename: "y.whl", URL: "https://z/other.whl"}, "y.whl"},
		{Artifact{Hash: "sha256:00"}, ""},
	} {
		if got := c.a.Name(); got != c.want {
			t.Errorf("Name() of %+v = %q, want %q", c.a, got, c.want)
		}
	}
}

func TestKeyPos(t *testing.T) {
	src := tomlpostest.Section(t, mustArchive(t, "options.txtar"), "uv.lock")
	lock, err := Parse("uv.lock", src)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"requires-python":            `">=3.12"`,
		"options.exclude-newer-span": `"P7D"`,
		"options.prerelease-package": "[options.prerelease-package]\ntorch = \"allow\"",
	} {
		p, ok := lock.KeyPos(key)
		if !ok || string(src[p.Offset:p.EndOffset]) != want {
			t.Errorf("KeyPos(%q) = %v %q, want %q", key, ok, src[p.Offset:p.EndOffset], want)
		}
	}
	if _, ok := lock.KeyPos("package"); !ok {
		t.Error("KeyPos(package) not found")
	}
	if _, ok := lock.KeyPos("manifest.members"); ok {
		t.Error("KeyPos found a key the file does not have")
	}
}

func mustArchive(t *testing.T, name string) *txtar.Archive {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return ar
}
