package driver_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// probe is a rule that reads every input analyzer and reports one finding
// in the Dockerfile and one in uv.lock, so the test can check that the
// unit's FileSet, OtherFiles and ReadFile hold every file and that
// positions in the lock resolve.
var probe = &lint.Rule{
	Code: "ZZ001", Name: "probe", Category: "test", Severity: lint.Warning,
	Doc:      "probe\n\n## Why\ntest",
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		f, lock, py := lint.DockerfileOf(pass), lint.LockOf(pass), lint.PyprojectOf(pass)
		if f == nil || lock == nil || py == nil {
			return nil, fmt.Errorf("missing input: dockerfile %v lock %v pyproject %v", f != nil, lock != nil, py != nil)
		}
		for _, name := range pass.OtherFiles {
			if _, err := pass.ReadFile(name); err != nil {
				return nil, err
			}
		}
		if _, err := pass.ReadFile("/etc/passwd"); err == nil {
			return nil, fmt.Errorf("ReadFile must refuse files outside the unit")
		}
		lint.Reportf(pass, f, f.Stages[0].From.KeywordSpan, "files: %s", strings.Join(baseNames(pass.OtherFiles), " "))
		tf := lint.UnitOf(pass).Lock
		p := lock.RequiresPythonPos
		pass.Report(analysis.Diagnostic{Pos: tf.Pos(p.Offset), End: tf.Pos(p.EndOffset), Message: "requires-python " + lock.RequiresPython + " for " + py.Name})
		return nil, nil
	},
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}

func TestPassHoldsEveryFileOfTheUnit(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"Dockerfile":     "FROM python:3.12\nCOPY uv.lock pyproject.toml ./\n",
		"uv.lock":        "version = 1\nrequires-python = \">=3.12\"\n",
		"pyproject.toml": "[project]\nname = \"app\"\n",
		".dockerignore":  ".git\n",
	})
	res := driver.Run([]driver.Input{{Path: filepath.Join(dir, "Dockerfile")}}, driver.Options{Rules: []*lint.Rule{probe}})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d-%d:%d %s", filepath.Base(f.File), f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, f.Message))
	}
	want := []string{
		"Dockerfile:1:1-1:5 files: Dockerfile .dockerignore uv.lock pyproject.toml",
		`uv.lock:2:19-2:27 requires-python >=3.12 for app`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUnitsRunInParallelAndSortStably: many units on all cores give the same
// sorted findings as one at a time.
func TestUnitsRunInParallelAndSortStably(t *testing.T) {
	dir := t.TempDir()
	var inputs []driver.Input
	for i := range 20 {
		name := fmt.Sprintf("svc%02d/Dockerfile", i)
		write(t, dir, map[string]string{
			name:                                     "FROM python:3.12\n",
			fmt.Sprintf("svc%02d/uv.lock", i):        "version = 1\nrequires-python = \">=3.11\"\n",
			fmt.Sprintf("svc%02d/pyproject.toml", i): "[project]\nname = \"app\"\n",
		})
		inputs = append(inputs, driver.Input{Path: filepath.Join(dir, filepath.FromSlash(name))})
	}
	one := driver.Run(inputs, driver.Options{Rules: []*lint.Rule{probe}, Jobs: 1})
	many := driver.Run(inputs, driver.Options{Rules: []*lint.Rule{probe}, Jobs: 8})
	if len(one.Findings) != 40 || len(many.Findings) != 40 {
		t.Fatalf("findings: %d and %d, want 40", len(one.Findings), len(many.Findings))
	}
	for i := range one.Findings {
		a, b := one.Findings[i], many.Findings[i]
		if a.File != b.File || a.Start != b.Start || a.Message != b.Message {
			t.Fatalf("finding %d differs: %v vs %v", i, a, b)
		}
		if i > 0 && one.Findings[i-1].File > a.File {
			t.Fatalf("not sorted by file at %d", i)
		}
	}
}

func TestAnalyzerErrorIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"Dockerfile": "FROM python:3.12\n", "uv.lock": "version = [\n"})
	res := driver.Run([]driver.Input{{Path: filepath.Join(dir, "Dockerfile")}}, driver.Options{Rules: []*lint.Rule{probe}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "uv.lock:1:") || len(res.Findings) != 0 || len(res.Sources) != 0 {
		t.Errorf("errors %v, findings %d, sources %d", res.Errors, len(res.Findings), len(res.Sources))
	}
}

func TestSelectUnknownRule(t *testing.T) {
	res := driver.Run(nil, driver.Options{Rules: []*lint.Rule{probe}, Select: []string{"nope"}})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), `unknown rule "nope"`) {
		t.Errorf("errors %v", res.Errors)
	}
}

// tool is a rule that fronts a tool with codes of its own and reports
// them as typed data: the code, its default severity and a fix that is
// safe for this finding although the rule's fixes are unsafe.
var tool = &lint.Rule{
	Code: "ZZ", Name: "zz-tool", Category: "test", Severity: lint.Warning, Fix: lint.UnsafeFix,
	Reports:  &lint.ToolCodes{Tool: "ZZ", Prefix: "ZZ", Digits: 4, DocBase: "https://example.com/"},
	Doc:      "tool\n\n## Why\ntest",
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ReporterAnalyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		f := lint.DockerfileOf(pass)
		sp := f.Stages[0].From.KeywordSpan
		for _, code := range []string{"ZZ0001", "ZZ0002"} {
			lint.ReportDiagnostic(pass, lint.Diagnostic{
				Diagnostic: analysis.Diagnostic{
					Pos: f.Pos(sp.Start), End: f.Pos(sp.End), Message: "m " + code,
					SuggestedFixes: []analysis.SuggestedFix{*lint.Replace(f, "Lower the keyword", sp, "from")},
				},
				Code: code, Severity: lint.Info, Fix: lint.SafeFix,
			})
		}
		return nil, nil
	},
}

func TestTypedDiagnostics(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"Dockerfile": "FROM python:3.12\n"})
	res := driver.Run([]driver.Input{{Path: filepath.Join(dir, "Dockerfile")}}, driver.Options{
		Rules: []*lint.Rule{tool}, Ignore: []string{"zz0002"}, Severity: map[string]lint.Severity{"ZZ0001": lint.Error},
	})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("findings %v, want ZZ0001 alone", res.Findings)
	}
	f := res.Findings[0]
	if f.ID() != "ZZ0001" || f.Severity != lint.Error || len(f.Fixes) != 1 || f.Fixes[0].Safety != lint.SafeFix || f.HelpURL() != "https://example.com/ZZ0001" {
		t.Errorf("got %s %v fixes %+v url %s", f.ID(), f.Severity, f.Fixes, f.HelpURL())
	}
}
