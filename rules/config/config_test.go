package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

var testRules = []*lint.Rule{
	{Code: "DL3007", Name: "from-latest-tag"},
	{Code: "DL3008", Name: "apt-unpinned"},
	{Code: "DL3059", Name: "consecutive-run"},
	// A rule that reports a tool's codes: config may name them.
	{Code: "SC", Name: "shellcheck", Reports: &lint.ToolCodes{Tool: "ShellCheck", Prefix: "SC", Digits: 4}},
}

// tree writes files (path → content) under a new directory, makes it a
// repository root, points the user config dir into it, and changes into it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := UserConfigDir
	UserConfigDir = func() (string, error) { return filepath.Join(dir, "home-config"), nil }
	t.Cleanup(func() { UserConfigDir = old })
	t.Chdir(dir)
	return dir
}

func TestDiscoveryOrder(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		start    string
		explicit string
		path     string
		source   Source
	}{
		{"nothing", map[string]string{}, "a", "", "", None},
		{"ballast toml in the folder", map[string]string{".ballast.toml": ""}, ".", "", ".ballast.toml", Ballast},
		{"ballast toml above", map[string]string{".ballast.toml": "", "a/b/x": ""}, "a/b", "", ".ballast.toml", Ballast},
		{"nearer pyproject wins", map[string]string{".ballast.toml": "", "a/pyproject.toml": "[tool.ballast]\n"}, "a", "", "a/pyproject.toml", Pyproject},
		{"pyproject without tool.ballast is skipped", map[string]string{".ballast.toml": "", "a/pyproject.toml": "[project]\nname = \"x\"\n"}, "a", "", ".ballast.toml", Ballast},
		{"ballast toml before pyproject in one folder", map[string]string{"pyproject.toml": "[tool.ballast]\n", ".ballast.toml": ""}, ".", "", ".ballast.toml", Ballast},
		{"walk stops at the repository root", map[string]string{"repo/.git/HEAD": "", ".ballast.toml": "", "repo/a/x": ""}, "repo/a", "", "", None},
		{"user config after the walk", map[string]string{"home-config/ballast/config.toml": ""}, ".", "", "home-config/ballast/config.toml", User},
		{"user config before hadolint", map[string]string{"home-config/ballast/config.toml": "", ".hadolint.yaml": ""}, ".", "", "home-config/ballast/config.toml", User},
		{"hadolint when no ballast config", map[string]string{"a/.hadolint.yml": ""}, "a", "", "a/.hadolint.yml", Hadolint},
		{"nearest hadolint", map[string]string{".hadolint.yaml": "", "a/.hadolint.yaml": ""}, "a", "", "a/.hadolint.yaml", Hadolint},
		{"ballast above beats hadolint below", map[string]string{".ballast.toml": "", "a/.hadolint.yaml": ""}, "a", "", ".ballast.toml", Ballast},
		{"explicit overrides", map[string]string{".ballast.toml": "", "other.toml": ""}, ".", "other.toml", "other.toml", Ballast},
		{"explicit pyproject", map[string]string{"c/pyproject.toml": "[tool.ballast]\n"}, ".", "c/pyproject.toml", "c/pyproject.toml", Pyproject},
		{"explicit yaml is hadolint", map[string]string{"h.yaml": ""}, ".", "h.yaml", "h.yaml", Hadolint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			if err := os.MkdirAll(filepath.Join(dir, tt.start), 0o755); err != nil {
				t.Fatal(err)
			}
			f, err := Load(tt.start, tt.explicit)
			if err != nil {
				t.Fatal(err)
			}
			if f.Path != filepath.FromSlash(tt.path) || f.Source != tt.source {
				t.Errorf("got %q (%q), want %q (%q)", f.Path, f.Source, tt.path, tt.source)
			}
		})
	}
}

const allKeys = `select = ["DL3007", "apt-unpinned"]
ignore = ["consecutive-run"]
failure-threshold = "warning"
trusted-registries = ["docker.io", "*.example.com"]
strict-labels = true
python = "3.12"
platform = "linux/arm64"
disk-budget = "20GiB"
memory-budget = "512MB"
heavy-layer = "3GB"
image-store = "overlay2"

[severity]
DL3008 = "error"
from-latest-tag = "off"

[label-schema]
maintainer = "email"
version = "semver"

[[per-file]]
path = "legacy/*"
ignore = ["DL3008"]

[[per-file]]
path = "Dockerfile.dev"
ignore = ["from-latest-tag", "DL3059"]
`

func wantAllKeys(path string, src Source) *File {
	return &File{
		Path:                path,
		Source:              src,
		Select:              []string{"DL3007", "DL3008"},
		Ignore:              []string{"DL3059"},
		Severity:            map[string]lint.Severity{"DL3008": lint.Error, "DL3007": lint.Off},
		FailureThreshold:    lint.Warning,
		HasFailureThreshold: true,
		Lint: lint.Config{
			TrustedRegistries: []string{"docker.io", "*.example.com"},
			LabelSchema:       map[string]string{"maintainer": "email", "version": "semver"},
			StrictLabels:      true,
			Python:            "3.12",
			Platform:          "linux/arm64",
			DiskBudget:        20 << 30,
			MemoryBudget:      512_000_000,
			HeavyLayer:        3_000_000_000,
			ImageStore:        "overlay2",
		},
		PerFile: []PerFile{
			{Path: "legacy/*", Ignore: []string{"DL3008"}},
			{Path: "Dockerfile.dev", Ignore: []string{"DL3007", "DL3059"}},
		},
	}
}

func TestEveryKey(t *testing.T) {
	pyproject := "[project]\nname = \"app\"\n\n" + strings.NewReplacer("[severity]", "[tool.ballast.severity]",
		"[label-schema]", "[tool.ballast.label-schema]", "[[per-file]]", "[[tool.ballast.per-file]]").Replace("[tool.ballast]\n"+allKeys)
	for _, tt := range []struct {
		file string
		src  string
		kind Source
	}{
		{".ballast.toml", allKeys, Ballast},
		{"pyproject.toml", pyproject, Pyproject},
	} {
		t.Run(tt.file, func(t *testing.T) {
			tree(t, map[string]string{tt.file: tt.src})
			f, err := Load(".", "")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Validate(testRules); err != nil {
				t.Fatal(err)
			}
			if want := wantAllKeys(tt.file, tt.kind); !reflect.DeepEqual(f, want) {
				t.Errorf("got\n%+v\nwant\n%+v", f, want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"unknown key", ".ballast.toml", "select = []\nshellchek = true\n", `.ballast.toml:2:1: unknown key "shellchek"`},
		{"unknown key in a table", ".ballast.toml", "[per-file]\n", `.ballast.toml:1:2: bad value for "per-file": want [[per-file]] tables, got a table`},
		{"unknown per-file key", ".ballast.toml", "[[per-file]]\npath = \"x\"\nignroe = []\n", `.ballast.toml:3:1: unknown key "per-file.ignroe"`},
		{"per-file without path", ".ballast.toml", "[[per-file]]\nignore = [\"DL3008\"]\n", `.ballast.toml:1:3: bad value for "per-file": each [[per-file]] needs a path`},
		{"bad glob", ".ballast.toml", "[[per-file]]\npath = \"[\"\n", `.ballast.toml:2:1: bad value for "per-file.path": bad glob "["`},
		{"threshold", ".ballast.toml", "\nfailure-threshold = \"fatal\"\n", `.ballast.toml:2:1: bad value for "failure-threshold": want error, warning, info or style, got "fatal"`},
		{"threshold off", ".ballast.toml", "failure-threshold = \"off\"\n", `.ballast.toml:1:1: bad value for "failure-threshold": want error, warning, info or style, got "off"`},
		{"threshold type", ".ballast.toml", "failure-threshold = 3\n", `.ballast.toml:1:1: bad value for "failure-threshold": want a string, got 3`},
		{"severity", ".ballast.toml", "[severity]\nDL3008 = \"loud\"\n", `.ballast.toml:2:1: bad value for "severity": want error, warning, info, style or off, got "loud"`},
		{"severity not a table", ".ballast.toml", "severity = \"error\"\n", `.ballast.toml:1:1: bad value for "severity": want a table of code = severity, got "error"`},
		{"select not a list", ".ballast.toml", "select = \"DL3008\"\n", `.ballast.toml:1:1: bad value for "select": want an array of strings, got "DL3008"`},
		{"ignore element", ".ballast.toml", "ignore = [\"DL3008\", 7]\n", `.ballast.toml:1:21: bad value for "ignore": want a string, got 7`},
		{"label type", ".ballast.toml", "[label-schema]\nowner = \"phone\"\n", `.ballast.toml:2:1: bad value for "label-schema": label "owner": want text, url, semver, hash, rfc3339, spdx, email, got "phone"`},
		{"strict-labels", ".ballast.toml", "strict-labels = \"yes\"\n", `.ballast.toml:1:1: bad value for "strict-labels": want true or false, got "yes"`},
		{"python", ".ballast.toml", "python = \"three\"\n", `.ballast.toml:1:1: bad value for "python": want a Python version like "3.12", got "three"`},
		{"platform", ".ballast.toml", "platform = \"arm64\"\n", `.ballast.toml:1:1: bad value for "platform": want OS/ARCH[/VARIANT] like "linux/arm64", got "arm64"`},
		{"disk-budget", ".ballast.toml", "disk-budget = \"lots\"\n", `.ballast.toml:1:1: bad value for "disk-budget": want a size like "20GiB" or "512MB", got "lots"`},
		{"image-store", ".ballast.toml", "image-store = \"zfs\"\n", `.ballast.toml:1:1: bad value for "image-store": want containerd or overlay2, got "zfs"`},
		{"shellcheck", ".ballast.toml", "shellcheck = \"yes\"\n", `.ballast.toml:1:1: bad value for "shellcheck": want true or false, got "yes"`},
		{"memory-budget", ".ballast.toml", "memory-budget = -1\n", `.ballast.toml:1:1: bad value for "memory-budget": want a size like "20GiB" or "512MB", got -1`},
		{"first error in file order", ".ballast.toml", "zzz = 1\naaa = 2\n", `.ballast.toml:1:1: unknown key "zzz"`},
		{"syntax", ".ballast.toml", "select = [\n", `.ballast.toml:1:11: array is incomplete`},
		{"pyproject unknown key", "pyproject.toml", "[tool.ballast]\nselect = [\"DL3008\"]\ncolour = \"no\"\n", `pyproject.toml:3:10: unknown key "colour"`},
		{"pyproject bad value", "pyproject.toml", "[tool.ballast]\nfailure-threshold = \"high\"\n", `pyproject.toml:2:21: bad value for "failure-threshold": want error, warning, info or style, got "high"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree(t, map[string]string{tt.file: tt.src})
			_, err := Load(".", "")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"select", "select = [\"DL3008\", \"DL9999\"]\n", `.ballast.toml:1:21: bad value for "select": unknown rule "DL9999" (see ` + "`ballast rules`)"},
		{"ignore", "ignore = [\"no-such-rule\"]\n", `.ballast.toml:1:11: bad value for "ignore": unknown rule "no-such-rule" (see ` + "`ballast rules`)"},
		{"severity", "[severity]\nDL0000 = \"error\"\n", `.ballast.toml:2:1: bad value for "severity": unknown rule "DL0000" (see ` + "`ballast rules`)"},
		{"per-file", "[[per-file]]\npath = \"*\"\nignore = [\"X1\"]\n", `.ballast.toml:3:11: bad value for "per-file.ignore": unknown rule "X1" (see ` + "`ballast rules`)"},
		{"a shellcheck code has four digits", "ignore = [\"SC86\"]\n", `.ballast.toml:1:11: bad value for "ignore": unknown rule "SC86" (see ` + "`ballast rules`)"},
		{"all is a selection, not a severity", "[severity]\nall = \"error\"\n", `.ballast.toml:2:1: bad value for "severity": unknown rule "all" (see ` + "`ballast rules`)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree(t, map[string]string{".ballast.toml": tt.src})
			f, err := Load(".", "")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Validate(testRules); err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	t.Run("shellcheck key and codes", func(t *testing.T) {
		tree(t, map[string]string{".ballast.toml": "shellcheck = true\nignore = [\"sc2086\"]\n[severity]\nSC2154 = \"error\"\n"})
		f, err := Load(".", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Validate(testRules); err != nil {
			t.Fatal(err)
		}
		if !f.ShellCheck || !reflect.DeepEqual(f.Ignore, []string{"SC2086"}) || f.Severity["SC2154"] != lint.Error {
			t.Errorf("got shellcheck %v ignore %q severity %v", f.ShellCheck, f.Ignore, f.Severity)
		}
	})
	t.Run("all and any case", func(t *testing.T) {
		tree(t, map[string]string{".ballast.toml": "select = [\"all\"]\nignore = [\"dl3008\", \"Consecutive-Run\"]\n"})
		f, err := Load(".", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Validate(testRules); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f.Select, []string{"all"}) || !reflect.DeepEqual(f.Ignore, []string{"DL3008", "DL3059"}) {
			t.Errorf("got select %q ignore %q", f.Select, f.Ignore)
		}
	})
}

const hadolintYAML = `# shared with hadolint
ignored:
  - DL3008
  - SC2086
trustedRegistries:
  - docker.io
  - my-company.com:5000
label-schema:
  author: text
  contact: email
strict-labels: true
override:
  error:
    - from-latest-tag
  info:
    - DL3059
failure-threshold: warning
no-color: true
format: tty
`

func TestHadolint(t *testing.T) {
	tree(t, map[string]string{".hadolint.yaml": hadolintYAML})
	f, err := Load(".", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Validate(testRules); err != nil {
		t.Fatal(err)
	}
	want := &File{
		Path:                ".hadolint.yaml",
		Source:              Hadolint,
		Preset:              lint.PresetHadolint,
		Ignore:              []string{"DL3008", "SC2086"},
		Severity:            map[string]lint.Severity{"DL3007": lint.Error, "DL3059": lint.Info},
		FailureThreshold:    lint.Warning,
		HasFailureThreshold: true,
		Lint: lint.Config{
			TrustedRegistries: []string{"docker.io", "my-company.com:5000"},
			LabelSchema:       map[string]string{"author": "text", "contact": "email"},
			StrictLabels:      true,
		},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got\n%+v\nwant\n%+v", f, want)
	}
	if got, want := f.MigrationNote(true), "ballast: reading .hadolint.yaml (.hadolint.yaml); move these settings to .ballast.toml"; got != want {
		t.Errorf("note: got %q, want %q", got, want)
	}
	if got, want := f.MigrationNote(false), "ballast: reading .hadolint.yaml (.hadolint.yaml); move these settings to .ballast.toml\nballast: running hadolint's default rules (preset \"hadolint\"); for ballast's defaults pass --preset ballast, or set preset = \"ballast\" in .ballast.toml"; got != want {
		t.Errorf("note: got %q, want %q", got, want)
	}
	if (&File{Path: ".ballast.toml", Source: Ballast}).MigrationNote(false) != "" {
		t.Error("a ballast config has a migration note")
	}
}

func TestHadolintNone(t *testing.T) {
	tree(t, map[string]string{".hadolint.yml": "failure-threshold: none\n"})
	f, err := Load(".", "")
	if err != nil {
		t.Fatal(err)
	}
	if !f.HasFailureThreshold || f.FailureThreshold != NeverFail {
		t.Errorf("got %v %v, want NeverFail", f.HasFailureThreshold, f.FailureThreshold)
	}
}

func TestHadolintErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key", "ignored: []\ntrusted-registries: [a]\n", `.hadolint.yaml:2:1: unknown key "trusted-registries"`},
		{"threshold", "failure-threshold: fatal\n", `.hadolint.yaml:1:20: bad value for "failure-threshold": want error, warning, info, style or none, got "fatal"`},
		{"override level", "override:\n  critical: [DL3008]\n", `.hadolint.yaml:2:3: unknown key "override.critical"`},
		{"ignored not a list", "ignored: DL3008\n", `.hadolint.yaml:1:10: bad value for "ignored": want a list of strings`},
		{"label type", "label-schema:\n  a: phone\n", `.hadolint.yaml:2:6: bad value for "label-schema": label "a": want text, url, semver, hash, rfc3339, spdx, email, got "phone"`},
		{"strict-labels", "strict-labels: maybe\n", `.hadolint.yaml:1:16: bad value for "strict-labels": want true or false, got "maybe"`},
		{"not a mapping", "- DL3008\n", `.hadolint.yaml:1:1: want a mapping of settings`},
		{"syntax", "ignored: [\n", `.hadolint.yaml: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree(t, map[string]string{".hadolint.yaml": tt.src})
			_, err := Load(".", "")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	t.Run("unknown code", func(t *testing.T) {
		tree(t, map[string]string{".hadolint.yaml": "override:\n  warning:\n    - DL3008\n    - DL4242\n"})
		f, err := Load(".", "")
		if err != nil {
			t.Fatal(err)
		}
		want := `.hadolint.yaml:4:7: bad value for "override": unknown rule "DL4242" (see ` + "`ballast rules`)"
		if err := f.Validate(testRules); err == nil || err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
		}
	})
}

func TestMissingExplicit(t *testing.T) {
	tree(t, map[string]string{})
	if _, err := Load(".", "nope.toml"); err == nil || !strings.HasPrefix(err.Error(), "--config: ") {
		t.Errorf("got %v", err)
	}
	tree(t, map[string]string{"pyproject.toml": "[project]\nname = \"x\"\n"})
	if _, err := Load(".", "pyproject.toml"); err == nil || err.Error() != "pyproject.toml: no [tool.ballast] table" {
		t.Errorf("got %v", err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "512": 512, "512B": 512, "1KB": 1000, "1KiB": 1024, "512MB": 512_000_000,
		"20GiB": 20 << 30, "1.5 GiB": 3 << 29, "2TB": 2_000_000_000_000, "1gib": 1 << 30,
	} {
		if got, ok := ParseSize(in); !ok || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "GiB", "1PB", "-1", "1.0000000001B", "1e3"} {
		if got, ok := ParseSize(in); ok {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

// TestWatched lists exactly the files Load consults from a folder two
// levels below the repository root, and never reaches above that root.
func TestWatched(t *testing.T) {
	dir := tree(t, map[string]string{"a/b/x": "", ".ballast.toml": ""})
	var want []string
	for _, d := range []string{"a/b", "a", "."} {
		for _, name := range []string{".ballast.toml", "pyproject.toml", ".hadolint.yaml", ".hadolint.yml"} {
			want = append(want, filepath.Join(dir, d, name))
		}
	}
	want = append(want, filepath.Join(dir, "home-config", "ballast", "config.toml"))
	if got := Watched("a/b", ""); !reflect.DeepEqual(got, want) {
		t.Errorf("Watched(a/b) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := Watched("a/b", "other.toml"); !reflect.DeepEqual(got, []string{"other.toml"}) {
		t.Errorf("Watched with --config = %q, want only that file", got)
	}
}
