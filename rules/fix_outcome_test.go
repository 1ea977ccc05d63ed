package rules_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/txtar"
)

// The fixes ballast offers are checked by their outcome, one at a time and
// all together (as --unsafe-fixes applies them): the result parses, the
// finding that motivated the fix is gone from the place it was, and no uv
// command is left as uv refuses it (--locked with --frozen, a flag given
// twice). The inputs are every golden case that has a fixed section and
// every Dockerfile of the corpus, with its lock when it has one.

// TestFixOutcomesGoldens checks the fixes of the golden cases.
func TestFixOutcomesGoldens(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	checked, fixes := 0, 0
	for _, path := range cases {
		code := filepath.Base(filepath.Dir(path))
		if code == "SC" {
			continue // ShellCheck's fixes are ShellCheck's
		}
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ar.Files, func(f txtar.File) bool { return f.Name == fixedSafe }) {
			continue
		}
		t.Run(code+"/"+strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			dir := t.TempDir()
			var cfg *lint.Config
			for _, f := range ar.Files {
				switch f.Name {
				case "want", fixedSafe, fixedUnsafe:
					continue
				case goldenConfigFile:
					cfg = goldenConfig(t, path, f.Data)
					continue
				}
				writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data)
			}
			sel := []string{code}
			name := "Dockerfile"
			for line := range strings.SplitSeq(string(ar.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "select:"); ok {
					sel = append(sel, strings.Fields(v)...)
				}
				if v, ok := strings.CutPrefix(line, "dockerfile:"); ok {
					name = strings.TrimSpace(v)
				}
				if v, ok := strings.CutPrefix(line, "corpus:"); ok {
					copyCorpus(t, dir, strings.Fields(v))
				}
			}
			fixes += checkFixOutcomes(t, driver.Input{Path: filepath.Join(dir, name)}, driver.Options{Rules: rules.All(), Select: sel, Jobs: 1, Config: cfg}, nil)
		})
		checked++
	}
	if checked == 0 || fixes == 0 {
		t.Fatalf("%d golden cases with a fixed section, %d fixes: nothing checked", checked, fixes)
	}
	t.Logf("%d fixes of %d golden cases checked", fixes, checked)
}

// TestFixOutcomesCorpus checks the fixes of every rule on the corpus
// Dockerfiles, and on the Dockerfiles of the lock corpus with their lock
// and pyproject.toml beside them. It skips without ../shared, except in CI.
func TestFixOutcomesCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus fix check runs the rules once per fix")
	}
	locks := uvlocktest.Dir(t)
	opts := driver.Options{Rules: rules.All(), Select: []string{"all"}, Ignore: []string{"SC"}, Jobs: 1}
	fixes := 0
	// tally counts, for the files --unsafe-fixes changes, the findings
	// with a fix by code, and the files.
	tally := map[string]int{}
	defer func() {
		t.Logf("%d fixes of the corpus checked; with --unsafe-fixes: %v", fixes, tally)
	}()
	dfs, err := filepath.Glob(filepath.Join(locks, "..", "dockerfiles", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, df := range dfs {
		if strings.HasSuffix(df, "MANIFEST.tsv") {
			continue
		}
		t.Run(filepath.Base(df), func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "Dockerfile"), readFile(t, df))
			fixes += checkFixOutcomes(t, driver.Input{Path: filepath.Join(dir, "Dockerfile")}, opts, tally)
		})
	}
	paired, err := filepath.Glob(filepath.Join(locks, "*.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, df := range paired {
		n := strings.TrimSuffix(filepath.Base(df), ".Dockerfile")
		base := n
		if i := strings.LastIndex(n, "__"); i > 0 && len(n)-i == 3 && n[i+2] >= '0' && n[i+2] <= '9' {
			base = n[:i]
		}
		t.Run("uvlock/"+n, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "Dockerfile"), readFile(t, df))
			for from, to := range map[string]string{".uv.lock": "uv.lock", ".pyproject.toml": "pyproject.toml"} {
				if data, err := os.ReadFile(filepath.Join(locks, base+from)); err == nil {
					writeFile(t, filepath.Join(dir, to), data)
				}
			}
			fixes += checkFixOutcomes(t, driver.Input{Path: filepath.Join(dir, "Dockerfile")}, opts, tally)
		})
	}
}

// checkFixOutcomes applies each fix of the findings on in alone, then all
// of them, and checks the results.
func checkFixOutcomes(t *testing.T, in driver.Input, opts driver.Options, tally map[string]int) (fixes int) {
	t.Helper()
	src := readFile(t, in.Path)
	res := driver.Run([]driver.Input{in}, opts)
	if len(res.Errors) > 0 {
		t.Skipf("not analyzed: %v", res.Errors[0])
	}
	before := uvRefusals(t, in.Path, src)
	for _, f := range res.Findings {
		if len(f.Fixes) == 0 || f.Fixes[0].Safety == lint.DisplayOnly || f.Fixes[0].Safety == lint.NoFix {
			continue
		}
		where := fmt.Sprintf("%s:%d:%d %s fix %q", filepath.Base(in.Path), f.Start.Line, f.Start.Column, f.ID(), f.Fixes[0].Description)
		next, n := driver.ApplyFixes(in.Path, src, []lint.Finding{f}, true)
		if n == 0 {
			continue
		}
		fixes++
		if _, err := dockerfile.Parse(in.Path, next); err != nil {
			t.Errorf("%s: the result does not parse: %v", where, err)
			continue
		}
		for _, r := range newRefusals(before, uvRefusals(t, in.Path, next)) {
			t.Errorf("%s: uv would refuse the result: %s", where, r)
		}
		checkNoFixOnExpansion(t, where, in.Path, src, f)
		again := driver.Run([]driver.Input{{Path: in.Path, Src: next, Context: in.Context}}, opts)
		at := shiftOffset(f.Start.Offset, f.Fixes[0].Edits, in.Path)
		for _, g := range again.Findings {
			if g.ID() == f.ID() && g.File == f.File && g.Start.Offset == at {
				t.Errorf("%s: %s still reports at the same place after its fix: %s", where, g.ID(), g.Message)
			}
		}
	}
	fx, err := driver.FixFile(in, src, res.Findings, opts, true)
	if err != nil {
		t.Errorf("%s: --unsafe-fixes: %v", filepath.Base(in.Path), err)
		return fixes
	}
	for _, r := range newRefusals(before, uvRefusals(t, in.Path, fx.New)) {
		t.Errorf("%s: after --unsafe-fixes uv would refuse: %s", filepath.Base(in.Path), r)
	}
	if _, err := dockerfile.Parse(in.Path, fx.New); err != nil {
		t.Errorf("%s: after --unsafe-fixes the file does not parse: %v", filepath.Base(in.Path), err)
	}
	// A second --fix --unsafe-fixes changes nothing: no finding of the
	// fixed file has a fix that still applies.
	second := driver.Run([]driver.Input{{Path: in.Path, Src: fx.New, Context: in.Context}}, opts)
	if again, n := driver.ApplyFixes(in.Path, fx.New, second.Findings, true); n > 0 {
		t.Errorf("%s: a second --fix --unsafe-fixes applies %d more fixes:\n%s", filepath.Base(in.Path), n, again)
	}
	if tally != nil && !bytes.Equal(fx.New, src) {
		tally["files changed"]++
		for _, f := range res.Findings {
			if len(f.Fixes) > 0 && f.Fixes[0].Safety != lint.DisplayOnly && f.Fixes[0].Safety != lint.NoFix {
				tally[f.ID()]++
			}
		}
	}
	return fixes
}

// shiftOffset maps an offset of the old file to the new one through the
// edits of one file: an edit before it moves it by the length it adds; an
// offset inside an edit moves to the edit's start.
func shiftOffset(off int, edits []lint.Edit, file string) int {
	shift := 0
	for _, e := range edits {
		switch {
		case e.File != file:
		case e.End < off || e.End == off && e.Start != off: // an insertion at off stays after it
			shift += len(e.NewText) - (e.End - e.Start)
		case e.Start < off:
			return e.Start + shift
		}
	}
	return off + shift
}

// checkNoFixOnExpansion fails a fix that edits a uv command holding a word
// the Dockerfile's variables make: what the command runs is not its text,
// and an edit cannot be known to be right (`uv sync $ARGS` + --locked is
// `uv sync --frozen --locked` when ARGS is --frozen). An edit of the
// command is one inside its span after the start of the program word: a
// RUN flag inserted before the program (--mount=…) leaves its words as
// they are.
func checkNoFixOnExpansion(t *testing.T, where, path string, src []byte, f lint.Finding) {
	t.Helper()
	df, err := dockerfile.Parse(path, src)
	if err != nil {
		return
	}
	df.Walk(func(in *dockerfile.Instruction) {
		if !in.Is("run") {
			return
		}
		for _, c := range in.Commands() {
			if !isUV(&c) || !c.HasExpansion() {
				continue
			}
			for _, e := range f.Fixes[0].Edits {
				if e.File == path && editsWords(e, c.Span) {
					t.Errorf("%s: edits %s, whose words hold an expansion", where, string(src[c.Span.Start:c.Span.End]))
					return
				}
			}
		}
	})
}

// editsWords reports whether e changes the words of the command at sp: it
// lies within the span and is not an insertion before the program word.
func editsWords(e lint.Edit, sp dockerfile.Span) bool {
	if e.End == sp.Start {
		return false
	}
	return e.Start >= sp.Start && e.End <= sp.End
}

// uvConflicts are options of uv that refuse each other (uv's clap
// definitions: conflicts_with); an option set through its UV_* variable
// counts as given.
var uvConflicts = [][2]string{
	{"--locked", "--frozen"},
	{"--no-dev", "--only-dev"},
	{"--no-sync", "--locked"},
	{"--no-sync", "--frozen"},
}

// uvFlagEnv are the variables that set a uv option.
var uvFlagEnv = map[string]string{"UV_LOCKED": "--locked", "UV_FROZEN": "--frozen", "UV_NO_DEV": "--no-dev", "UV_NO_SYNC": "--no-sync"}

// uvCountedFlags may be given more than once.
var uvCountedFlags = map[string]bool{"-v": true, "--verbose": true, "-q": true, "--quiet": true}

// uvKinds are the commands of uv the checks read.
var uvKinds = map[dockerfile.Kind]bool{
	dockerfile.UVSync: true, dockerfile.UVPipInstall: true, dockerfile.UVPipSync: true,
	dockerfile.UVAdd: true, dockerfile.UVVenv: true, dockerfile.UVRun: true,
}

func isUV(c *dockerfile.Command) bool { return uvKinds[c.Kind] }

// uvRefusals lists the uv commands of src that uv refuses for their
// options, each as "command text: reason".
func uvRefusals(t *testing.T, path string, src []byte) []string {
	t.Helper()
	df, err := dockerfile.Parse(path, src)
	if err != nil {
		return nil
	}
	var out []string
	scope := dockerfile.ScopeOf(df)
	df.Walk(func(in *dockerfile.Instruction) {
		if !in.Is("run") {
			return
		}
		vars := scope.VarsAt(in)
		for _, c := range in.Commands() {
			if !isUV(&c) {
				continue
			}
			text := strings.Join(strings.Fields(string(src[c.Span.Start:c.Span.End])), " ")
			out = append(out, refusals(&c, vars.Get, text)...)
		}
	})
	return out
}

// refusals says why uv refuses one command, if it does.
func refusals(c *dockerfile.Command, vars func(string) (string, bool), text string) []string {
	given := map[string]int{}
	for _, fl := range c.Flags {
		given[fl.Name]++
	}
	var out []string
	for name, n := range given {
		if n > 1 && !uvCountedFlags[name] && !slices.ContainsFunc(c.Flags, func(f dockerfile.CmdFlag) bool { return f.Name == name && f.HasValue }) {
			out = append(out, fmt.Sprintf("%s: %s given %d times", text, name, n))
		}
	}
	for key, flag := range uvFlagEnv {
		v, ok := c.Env[key]
		if !ok {
			v, ok = vars(key)
		}
		if ok && dockerfile.Truthy(v) {
			given[flag]++
		}
	}
	if c.Kind == dockerfile.UVSync && given["--no-sync"] > 0 {
		delete(given, "--no-sync") // UV_NO_SYNC is for uv run and uv add; uv sync ignores it
	}
	for _, pair := range uvConflicts {
		if given[pair[0]] > 0 && given[pair[1]] > 0 {
			out = append(out, fmt.Sprintf("%s: %s with %s", text, pair[0], pair[1]))
		}
	}
	slices.Sort(out)
	return out
}

// newRefusals are the refusals of after that before did not have.
func newRefusals(before, after []string) []string {
	var out []string
	for _, r := range after {
		if i := slices.Index(before, r); i >= 0 {
			before = slices.Delete(slices.Clone(before), i, i+1)
			continue
		}
		out = append(out, r)
	}
	return out
}

// TestUVRefusals checks the checker on commands uv refuses and accepts.
func TestUVRefusals(t *testing.T) {
	tests := []struct {
		run  string
		want int
	}{
		{"uv sync --locked", 0},
		{"uv sync --locked --no-dev --extra a --extra b -v -v", 0},
		{"uv sync --locked --frozen", 1},
		{"UV_FROZEN=1 uv sync --locked", 1},
		{"uv sync --locked --locked", 1},
		{"uv sync --no-dev --only-dev", 1},
	}
	for _, tt := range tests {
		src := []byte("FROM python:3.12\nRUN " + tt.run + "\n")
		if got := uvRefusals(t, "Dockerfile", src); len(got) != tt.want {
			t.Errorf("%s: refusals %q, want %d", tt.run, got, tt.want)
		}
	}
	src := []byte("FROM python:3.12\nENV UV_FROZEN=1\nRUN uv sync --locked\n")
	if got := uvRefusals(t, "Dockerfile", src); len(got) != 1 {
		t.Errorf("ENV UV_FROZEN=1 with --locked: refusals %q, want 1", got)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
