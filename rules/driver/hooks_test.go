package driver

import (
	"encoding/csv"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHooksFiles holds .pre-commit-hooks.yaml's files and exclude
// patterns (Python regular expressions that pre-commit matches against
// each path; these ones mean the same in Go's syntax) to what discovery
// takes for a Dockerfile, over every file name of the corpus's original
// repositories and names that must not match.
func TestPreCommitHooksFiles(t *testing.T) {
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Language      string `yaml:"language"`
		Entry         string `yaml:"entry"`
		Files         string `yaml:"files"`
		Exclude       string `yaml:"exclude"`
		PassFilenames bool   `yaml:"pass_filenames"`
		RequireSerial bool   `yaml:"require_serial"`
	}
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	langs := map[string]string{}
	for _, h := range hooks {
		langs[h.ID] = h.Language
		if h.Entry != "ballast check" || !h.PassFilenames || !h.RequireSerial {
			t.Errorf("hook %s: entry %q, pass_filenames %v, require_serial %v; want ballast check, true, true", h.ID, h.Entry, h.PassFilenames, h.RequireSerial)
		}
		if h.Files != hooks[0].Files || h.Exclude != hooks[0].Exclude {
			t.Errorf("hook %s: files or exclude differ from hook %s's", h.ID, hooks[0].ID)
		}
	}
	if langs["ballast"] != "golang" || langs["ballast-system"] != "system" || len(hooks) != 2 {
		t.Fatalf("hooks = %v, want ballast (golang) and ballast-system (system)", langs)
	}
	files, exclude := regexp.MustCompile(hooks[0].Files), regexp.MustCompile(hooks[0].Exclude)
	hookTakes := func(p string) bool { return files.MatchString(p) && !exclude.MatchString(p) }

	// The exclude pattern's extensions are exactly notDockerfileExt.
	m := regexp.MustCompile(`\\\.\(([a-z0-9|]+)\)\$$`).FindStringSubmatch(hooks[0].Exclude)
	if m == nil {
		t.Fatalf("exclude %q does not end in an extension list", hooks[0].Exclude)
	}
	exts := strings.Split(m[1], "|")
	want := slices.Clone(notDockerfileExt)
	slices.Sort(exts)
	slices.Sort(want)
	if !slices.Equal(exts, want) {
		t.Errorf("exclude's extensions %q, want notDockerfileExt's %q", exts, want)
	}

	names := []string{
		"Dockerfile", "Containerfile", "dockerfile", "web.Dockerfile", "jax_cuda.dockerfile", "Dockerfile.gpu",
		"dockerfile.dev", "Dockerfile.ci.lts", "Dockerfile-cuda", "Dockerfile_amd", "Containerfile.prod",
		"Dockerfile.dockerignore", "Dockerfile.j2", "dockerfile.go", "dockerfile_test.go", "Dockerfile.md",
		"Dockerfiles", "dockerfiles.txt", "README", "my-dockerfile", "x.Dockerfile.bak",
	}
	for _, manifest := range []string{"dockerfiles/MANIFEST.tsv", "uvlock/FILES.tsv"} {
		names = append(names, corpusNames(t, manifest)...)
	}
	for _, name := range names {
		for _, p := range []string{name, "sub/dir/" + name} {
			if got, want := hookTakes(p), IsDockerfileName(name) || name == "uv.lock" || name == "pyproject.toml"; got != want {
				t.Errorf("%s: the hooks take it: %v, discovery (or uv.lock, pyproject.toml): %v", p, got, want)
			}
		}
	}
	for _, p := range []string{"uv.lock", "app/uv.lock", "pyproject.toml", "app/pyproject.toml"} {
		if !hookTakes(p) {
			t.Errorf("the hooks do not take %s", p)
		}
	}
}

// corpusNames returns the base names of the files a corpus manifest lists
// under their original paths; it skips when the corpus is absent, as the
// corpus tests do, and fails when CI=true.
func corpusNames(t *testing.T, manifest string) []string {
	t.Helper()
	f, err := os.Open("../../../shared/corpus/" + manifest)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the corpus is missing: %v", err)
		}
		t.Logf("corpus manifest not read: %v", err)
		return nil
	}
	defer func() { _ = f.Close() }()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "path_in_repo")
	var out []string
	for _, row := range rows[1:] {
		out = append(out, path.Base(row[col]))
	}
	if len(out) == 0 {
		t.Fatalf("%s: no files", manifest)
	}
	return out
}
