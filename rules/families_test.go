package rules_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ballast-dev/ballast/"

// families are the rule families: each imports the shared analyses
// (rules/build), rules/lint and the parsers, never another family.
var families = []string{"buildkit", "dockerfile", "hygiene", "uv", "cost", "shellcheck"}

// shared lists what a package of the analysis layers may import of ours.
var shared = map[string][]string{
	"build":       {"rules/lint", "parsers/"},
	"build/sizes": {"parsers/"},
	"lint":        {"parsers/"},
}

// imports returns what the Go files of rules/dir import from this module,
// with the file that imports it; tests included when withTests.
func imports(t *testing.T, dir string, withTests bool) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: no Go files", dir)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if !withTests && strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range af.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok {
				out[rest] = f
			}
		}
	}
	return out
}

func TestFamiliesImportNoFamily(t *testing.T) {
	for _, fam := range families {
		for p, file := range imports(t, fam, true) {
			for _, other := range families {
				if p == "rules/"+other || strings.HasPrefix(p, "rules/"+other+"/") {
					if other != fam {
						t.Errorf("%s imports the family %s: what two families need belongs in rules/build", file, p)
					}
				}
			}
		}
		for p, file := range imports(t, fam, false) {
			if p != "rules/build" && p != "rules/lint" && !strings.HasPrefix(p, "parsers/") {
				t.Errorf("%s imports %s: a family imports only rules/build, rules/lint and the parsers", file, p)
			}
		}
	}
}

func TestSharedAnalysesImportNoFamily(t *testing.T) {
	for dir, allowed := range shared {
		for p, file := range imports(t, dir, false) {
			ok := false
			for _, a := range allowed {
				ok = ok || p == a || strings.HasSuffix(a, "/") && strings.HasPrefix(p, a)
			}
			if !ok {
				t.Errorf("%s imports %s: rules/%s may import only %s", file, p, dir, strings.Join(allowed, ", "))
			}
		}
	}
}
