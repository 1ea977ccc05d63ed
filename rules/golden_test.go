package rules_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of golden files")

// TestGolden runs every testdata/rules/<CODE>/*.txtar case: the archive's
// files are written to a temporary build context, the rule named by the
// folder is run (plus any listed on a `select:` line of the archive comment)
// and the findings, each with its whole span, must equal the `want` section
// exactly; a case with a Dockerfile.fixed section checks the fixes too.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases found")
	}
	for _, path := range cases {
		code := filepath.Base(filepath.Dir(path))
		t.Run(code+"/"+strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runGolden(t, path, code)
		})
	}
}

func runGolden(t *testing.T, path, code string) {
	t.Helper()
	if code == "SC" {
		// ShellCheck's cases need the binary; CI installs it.
		if _, err := exec.LookPath("shellcheck"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("shellcheck is not on PATH in CI")
			}
			t.Skip("shellcheck not on PATH")
		}
	}
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var want, wantFixed, wantUnsafeFixed *txtar.File
	var cfg *lint.Config
	for i := range ar.Files {
		f := &ar.Files[i]
		switch f.Name {
		case "want":
			want = f
			continue
		case fixedSafe:
			wantFixed = f
			continue
		case fixedUnsafe:
			wantUnsafeFixed = f
			continue
		case goldenConfigFile:
			cfg = goldenConfig(t, path, f.Data)
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want == nil {
		t.Fatalf("%s: no want section", path)
	}
	sel := []string{code}
	dockerfile := "Dockerfile"
	for line := range strings.SplitSeq(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "select:"); ok {
			sel = append(sel, strings.Fields(v)...)
		}
		if v, ok := strings.CutPrefix(line, "dockerfile:"); ok {
			dockerfile = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "corpus:"); ok {
			copyCorpus(t, dir, strings.Fields(v))
		}
	}
	in := driver.Input{Path: filepath.Join(dir, dockerfile)}
	opts := driver.Options{Rules: rules.All(), Select: sel, Jobs: 1, Config: cfg}
	res := driver.Run([]driver.Input{in}, opts)
	got := render(dir, res)
	var gotFixed, gotUnsafeFixed string
	if wantFixed != nil || wantUnsafeFixed != nil {
		gotFixed = fixAll(t, in, res, opts, false)
		gotUnsafeFixed = fixAll(t, in, res, opts, true)
	}
	if *update {
		want.Data = []byte(got)
		if wantFixed != nil || wantUnsafeFixed != nil {
			ar.Files = updateFixed(ar.Files, gotFixed, gotUnsafeFixed)
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(want.Data) {
		t.Errorf("%s: findings differ\n--- got\n%s--- want\n%s", path, got, want.Data)
	}
	if wantFixed == nil && wantUnsafeFixed != nil {
		t.Errorf("%s: a %s section needs a %s section before it", path, fixedUnsafe, fixedSafe)
	}
	if wantFixed != nil && gotFixed != string(wantFixed.Data) {
		t.Errorf("%s: Dockerfile with safe fixes differs\n--- got\n%s--- want\n%s", path, gotFixed, wantFixed.Data)
	}
	// Without its own section, the unsafe fixes must change nothing more.
	wantUnsafe := wantFixed
	if wantUnsafeFixed != nil {
		wantUnsafe = wantUnsafeFixed
	}
	if wantUnsafe != nil && gotUnsafeFixed != string(wantUnsafe.Data) {
		t.Errorf("%s: Dockerfile with safe and unsafe fixes differs\n--- got\n%s--- want\n%s", path, gotUnsafeFixed, wantUnsafe.Data)
	}
}

// The fixed Dockerfile of a case, one golden per fix safety level: the safe
// fixes (what --fix writes), then safe and unsafe together (--fix
// --unsafe-fixes), the latter only where the unsafe fixes change more.
const (
	fixedSafe   = "Dockerfile.fixed"
	fixedUnsafe = "Dockerfile.unsafe-fixed"
)

// updateFixed rewrites the fixed sections of an archive: the safe one in
// place, the unsafe one right after it when it differs, dropped otherwise.
func updateFixed(files []txtar.File, safe, unsafe string) []txtar.File {
	var out []txtar.File
	for _, f := range files {
		switch f.Name {
		case fixedUnsafe:
			continue
		case fixedSafe:
			out = append(out, txtar.File{Name: fixedSafe, Data: []byte(safe)})
			if unsafe != safe {
				out = append(out, txtar.File{Name: fixedUnsafe, Data: []byte(unsafe)})
			}
			continue
		}
		out = append(out, f)
	}
	return out
}

// copyCorpus writes the real-world locks a case names in a "corpus:
// uv.lock=NAME.uv.lock pyproject.toml=NAME.pyproject.toml" comment line
// into the case's folder under their names in the case, instead of the
// repository holding copies; without the corpus the case is skipped (and
// fails in CI, which must have it).
func copyCorpus(t *testing.T, dir string, pairs []string) {
	t.Helper()
	corpusDir := uvlocktest.Dir(t)
	for _, pair := range pairs {
		name, src, ok := strings.Cut(pair, "=")
		if !ok {
			t.Fatalf("corpus: want NAME=CORPUSFILE, got %q", pair)
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, src))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenConfigFile is an optional archive section holding the rule
// configuration of a case, for the rules that read one (DL3026, the label
// schema rules): {"trusted-registries": [...], "label-schema": {...},
// "strict-labels": true}. It is not written to the build context.
const goldenConfigFile = "config.json"

func goldenConfig(t *testing.T, path string, data []byte) *lint.Config {
	t.Helper()
	var raw struct {
		TrustedRegistries []string          `json:"trusted-registries"`
		LabelSchema       map[string]string `json:"label-schema"`
		StrictLabels      bool              `json:"strict-labels"`
		Python            string            `json:"python"`
		Platform          string            `json:"platform"`
		DiskBudget        int64             `json:"disk-budget"`
		MemoryBudget      int64             `json:"memory-budget"`
		HeavyLayer        int64             `json:"heavy-layer"`
		ImageStore        string            `json:"image-store"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("%s: %s: %v", path, goldenConfigFile, err)
	}
	return &lint.Config{
		TrustedRegistries: raw.TrustedRegistries, LabelSchema: raw.LabelSchema, StrictLabels: raw.StrictLabels,
		Python: raw.Python, Platform: raw.Platform,
		DiskBudget: raw.DiskBudget, MemoryBudget: raw.MemoryBudget, HeavyLayer: raw.HeavyLayer,
		ImageStore: raw.ImageStore,
	}
}

// fixAll applies the safe fixes, and the unsafe ones too when unsafe is
// set, the way --fix does, and checks that a run on the result proposes no
// fix of that level: fixes are idempotent.
func fixAll(t *testing.T, in driver.Input, res *driver.Result, opts driver.Options, unsafe bool) string {
	t.Helper()
	fx, err := driver.FixFile(in, res.Sources[in.Path], res.Findings, opts, unsafe)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fx.Remaining {
		if appliable(&f, unsafe) {
			t.Errorf("%s: after fixing (unsafe %v), %s still proposes a fix: %s", in.Path, unsafe, f.ID(), f.Message)
		}
	}
	return string(fx.New)
}

// appliable reports whether --fix (with --unsafe-fixes when unsafe) would
// apply the finding's fix.
func appliable(f *lint.Finding, unsafe bool) bool {
	for _, fx := range f.Fixes {
		if fx.Safety == lint.SafeFix || unsafe && fx.Safety == lint.UnsafeFix {
			return true
		}
	}
	return false
}

// render prints findings as `file:line:col-line:col: CODE message` (the
// whole span, start and end), paths relative to the case directory, then
// input errors.
func render(dir string, res *driver.Result) string {
	var b bytes.Buffer
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		fmt.Fprintf(&b, "%s:%d:%d-%d:%d: %s %s", filepath.ToSlash(rel), f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, f.ID(), f.Message)
		if len(f.Aliases) > 0 {
			fmt.Fprintf(&b, " (also %s)", strings.Join(f.Aliases, ", "))
		}
		b.WriteByte('\n')
	}
	for _, err := range res.Errors {
		fmt.Fprintf(&b, "error: %s\n", strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), ""))
	}
	return b.String()
}

// TestRegistry checks every rule's identity and documentation, and that it
// has golden cases that fire and that stay silent.
func TestRegistry(t *testing.T) {
	all := rules.All()
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r.Code] || seen[strings.ToLower(r.Name)] {
			t.Errorf("%s: duplicate code or name %q", r.Code, r.Name)
		}
		seen[r.Code], seen[strings.ToLower(r.Name)] = true, true
		title := r.Title()
		if title == "" || len(title) > 60 || strings.HasSuffix(title, ".") || !lowerStart(title) {
			t.Errorf("%s: doc title %q must start lower case (or with an instruction keyword), at most 60 characters, no period", r.Code, title)
		}
		for _, sec := range []string{"Why", "Example", "Use instead", "References"} {
			if r.Section(sec) == "" {
				t.Errorf("%s: doc has no ## %s section", r.Code, sec)
			}
		}
		if r.Fix != lint.NoFix && r.Section("Fix safety") == "" {
			t.Errorf("%s: fixable rule without ## Fix safety", r.Code)
		}
		if r.Severity == lint.Off && r.Status == lint.Stable {
			t.Errorf("%s: a stable rule must have a severity", r.Code)
		}
		fires, silent := goldenKinds(t, r)
		if reason, ok := cannotFire[r.Code]; ok {
			if fires || !silent || r.Section("Limitations") == "" {
				t.Errorf("%s cannot fire statically (%s): it needs a silent golden case, none that fires, and a ## Limitations section", r.Code, reason)
			}
			continue
		}
		if !fires || !silent {
			t.Errorf("%s: needs a golden case that fires (%v) and one that stays silent (%v)", r.Code, fires, silent)
		}
	}
	var analyzers []*analysis.Analyzer
	for _, r := range all {
		analyzers = append(analyzers, r.Analyzer())
	}
	if err := analysis.Validate(analyzers); err != nil {
		t.Fatal(err)
	}
}

// cannotFire lists the rules that need facts a static tool never has; they
// are registered so that their code and name are known (ignore lists,
// pragmas), and stay silent.
var cannotFire = map[string]string{
	"BK014": "InvalidBaseImagePlatform needs the base image's platform from a registry",
}

func goldenKinds(t *testing.T, r *lint.Rule) (fires, silent bool) {
	t.Helper()
	cases, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", r.Code, "*.txtar"))
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name != "want" {
				continue
			}
			if reportsIn(r, f.Data) {
				fires = true
			} else {
				silent = true
			}
		}
	}
	return fires, silent
}

// lowerStart accepts a title starting with a lower-case word, or with an
// upper-case word such as an instruction keyword (FROM) or acronym.
func lowerStart(title string) bool {
	word, _, _ := strings.Cut(title, " ")
	return strings.ToLower(word[:1]) == word[:1] || strings.ToUpper(word) == word
}

// reportsIn reports whether a want file has a finding of the rule: under
// its code, or under one of the tool codes it reports (SC2086 for rule SC).
func reportsIn(r *lint.Rule, want []byte) bool {
	if strings.Contains(string(want), " "+r.Code+" ") {
		return true
	}
	for line := range strings.Lines(string(want)) {
		fields := strings.Fields(line)
		if len(fields) > 1 && r.Reports != nil && r.Reports.Match(fields[1]) {
			return true
		}
	}
	return false
}
