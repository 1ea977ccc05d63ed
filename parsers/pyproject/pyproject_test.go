package pyproject

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
)

var update = flag.Bool("update", false, "rewrite the want sections of the txtar goldens")

const goldenDir = "../../testdata/parsers/pyproject"

// TestGolden parses the pyproject.toml of each txtar case and compares the
// dump of the model, positions included, with its want section.
func TestGolden(t *testing.T) {
	tomlpostest.Golden(t, goldenDir, "pyproject.toml", *update, Parse)
}

const positionsProject = `[project]
name = "demo"
requires-python = ">=3.11"
dependencies = [
  "httpx>=0.27",
]

[tool.ballast]
ignore = ["DL3008"]

[tool.ballast.rules.BA302]
severity = "error"
`

// TestPositions checks by hand the positions rules and the config loader
// report.
func TestPositions(t *testing.T) {
	p, err := Parse("pyproject.toml", []byte(positionsProject))
	if err != nil {
		t.Fatal(err)
	}
	text := func(pos Pos) string { return positionsProject[pos.Offset:pos.EndOffset] }
	for _, c := range []struct {
		what      string
		pos       Pos
		line, col int
		text      string
	}{
		{"requires-python", p.RequiresPythonPos, 3, 19, `">=3.11"`},
		{"dependency", p.Dependencies[0].Pos, 5, 3, `"httpx>=0.27"`},
		{"tool.ballast", p.BallastPos, 8, 1, "[tool.ballast]\nignore = [\"DL3008\"]\n\n[tool.ballast.rules.BA302]\nseverity = \"error\""},
		{"ignore[0]", p.BallastKeys["ignore[0]"], 9, 11, `"DL3008"`},
		{"rule severity", p.BallastKeys["rules.BA302.severity"], 12, 12, `"error"`},
	} {
		if c.pos.Line != c.line || c.pos.Col != c.col || text(c.pos) != c.text {
			t.Errorf("%s: got %d:%d %q, want %d:%d %q", c.what, c.pos.Line, c.pos.Col, text(c.pos), c.line, c.col, c.text)
		}
	}
	if p.Dependencies[0].Name != "httpx" {
		t.Errorf("name of %q = %q", p.Dependencies[0].Requirement, p.Dependencies[0].Name)
	}
	rules, _ := p.Ballast["rules"].(map[string]any)
	if rule, _ := rules["BA302"].(map[string]any); rule["severity"] != "error" {
		t.Errorf("Ballast = %v", p.Ballast)
	}
}

func TestByteOddities(t *testing.T) {
	for name, src := range map[string][]byte{
		"crlf":       []byte(strings.ReplaceAll(positionsProject, "\n", "\r\n")),
		"bom":        append([]byte("\xEF\xBB\xBF"), positionsProject...),
		"no newline": []byte(strings.TrimSuffix(positionsProject, "\n")),
	} {
		p, err := Parse("pyproject.toml", src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := tomlpostest.CheckPositions(src, p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if d := p.Dependencies[0]; d.Pos.Line != 5 || !bytes.HasPrefix(src[d.Pos.Offset:], []byte(`"httpx`)) {
			t.Errorf("%s: dependency at %v", name, d.Pos)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, want string
	}{
		{"binary", "\x00\x01\xff", `pyproject.toml:1:1: invalid character at start of key: U+0000`},
		{"invalid utf-8", "[project]\nname = \"\xc3\x28\"\n", `pyproject.toml:2:9: invalid UTF-8 character in basic string`},
		{"truncated", "[project]\ndependencies = [\n  \"httpx\",\n", `pyproject.toml:3:11: array is incomplete`},
		{"duplicate table", "[project]\nname = \"a\"\n[project]\n", `pyproject.toml:3:2: table "project" is already defined`},
		{"dependencies type", "[project]\ndependencies = \"httpx\"\n", `pyproject.toml:2:16: key "dependencies": expected an array, got a string`},
		{"dependency type", "[project]\ndependencies = [1]\n", `pyproject.toml:2:17: key "dependencies": expected a string, got an integer`},
		{"requires-python type", "[project]\nrequires-python = 3.11\n", `pyproject.toml:2:19: key "requires-python": expected a string, got a float`},
		{"group entry", "[dependency-groups]\ndev = [{ group = \"x\" }]\n", `pyproject.toml:2:8: key "dev": a table entry needs "include-group"`},
		{"default-groups", "[tool.uv]\ndefault-groups = \"some\"\n", `pyproject.toml:2:18: key "default-groups": expected an array or "all", got "some"`},
		{"package type", "[tool.uv]\npackage = \"no\"\n", `pyproject.toml:2:11: key "package": expected a boolean, got a string`},
		{"source type", "[tool.uv.sources]\ntorch = \"cpu\"\n", `pyproject.toml:2:9: key "torch": expected a table, got a string`},
		{"index type", "[tool.uv]\nindex = { name = \"x\" }\n", `pyproject.toml:2:9: key "index": expected an array, got an inline table`},
		{"tool type", "tool = 1\n", `pyproject.toml:1:8: key "tool": expected a table, got an integer`},
		{"ballast type", "[tool]\nballast = []\n", `pyproject.toml:2:11: key "tool.ballast": expected a table, got an array`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("pyproject.toml", []byte(c.src))
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("got %v (%T), want an *Error", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}

// TestIgnored checks that tables of other tools and unknown keys, whatever
// their types, are no error.
func TestIgnored(t *testing.T) {
	src := "[tool.poetry]\nname = 1\n[tool.uv]\nfuture = [1]\n[project]\nlicense = { text = \"MIT\" }\n[tool.uv.sources.x]\nfuture = 2\n"
	if _, err := Parse("pyproject.toml", []byte(src)); err != nil {
		t.Fatal(err)
	}
}

func TestRequirementName(t *testing.T) {
	for in, want := range map[string]string{
		"httpx>=0.27":                 "httpx",
		" Foo.Bar_baz [x] >= 1":       "Foo.Bar_baz",
		"torch; sys_platform == 'x'":  "torch",
		"pkg @ https://example.com/x": "pkg",
		"":                            "",
	} {
		if got := requirementName(in); got != want {
			t.Errorf("requirementName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCorpus parses every pyproject.toml of the shared corpus.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "uvlock")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the corpus is missing: %v", err)
		}
		t.Skipf("corpus not found (%v); it lives in ../shared next to the repository", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pyproject.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pyproject.toml in %s (%v)", dir, err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(filepath.Base(file), src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if err := tomlpostest.CheckPositions(src, p); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		for _, d := range p.Dependencies {
			if d.Name == "" || string(src[d.Pos.Offset]) != `"` && string(src[d.Pos.Offset]) != "'" {
				t.Errorf("%s: dependency %q at %v", file, d.Requirement, d.Pos)
			}
		}
		if p.Name == "" && (p.UV == nil || p.UV.Workspace == nil) {
			t.Errorf("%s: neither a project name nor a workspace", file)
		}
	}
}
