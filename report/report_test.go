package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/report/reporttest"
	"github.com/ballast-dev/ballast/rules/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/report")

func TestGolden(t *testing.T) {
	cases := []struct {
		golden string
		render func(*bytes.Buffer) error
	}{
		{"text.golden", func(b *bytes.Buffer) error { return report.Text(b, reporttest.Run(), report.Options{}) }},
		{"text_color.golden", func(b *bytes.Buffer) error { return report.Text(b, reporttest.Run(), report.Options{Color: true}) }},
		{"text_clean.golden", func(b *bytes.Buffer) error { return report.Text(b, reporttest.Clean(), report.Options{}) }},
		{"json.golden", func(b *bytes.Buffer) error { return report.JSON(b, reporttest.Run()) }},
		{"json_clean.golden", func(b *bytes.Buffer) error { return report.JSON(b, reporttest.Clean()) }},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.render(&buf); err != nil {
				t.Fatal(err)
			}
			reporttest.Golden(t, filepath.Join("..", "testdata", "report", c.golden), buf.Bytes(), *update)
		})
	}
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	var plain, color bytes.Buffer
	if err := report.Text(&plain, reporttest.Run(), report.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := report.Text(&color, reporttest.Run(), report.Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(plain.Bytes(), 0x1b) {
		t.Errorf("plain text output contains an escape sequence:\n%q", plain.String())
	}
	for _, want := range []string{
		"\x1b[1mDockerfile\x1b[0m:4:", // path bold
		"\x1b[31mBA401\x1b[0m",        // error red
		"\x1b[33mBA201\x1b[0m",        // warning yellow
		"\x1b[34mBA101\x1b[0m",        // info blue
		"\x1b[2mBK001\x1b[0m",         // style dim
	} {
		if !strings.Contains(color.String(), want) {
			t.Errorf("coloured output lacks %q:\n%q", want, color.String())
		}
	}
}

func TestTextSummary(t *testing.T) {
	rule := &lint.Rule{Code: "BA201", Name: "sync-not-locked", Doc: "t"}
	fix := func(s lint.FixSafety) []lint.Fix { return []lint.Fix{{Description: "x", Safety: s}} }
	finding := func(sev lint.Severity, fixes []lint.Fix) lint.Finding {
		return lint.Finding{
			Rule: rule, Severity: sev, Message: "m", File: "Dockerfile",
			Start: at(1, 1), End: at(1, 2), Fixes: fixes,
		}
	}
	oneFile := map[string][]byte{"Dockerfile": []byte("FROM x\n")}
	withLock := map[string][]byte{"Dockerfile": nil, "uv.lock": nil, "pyproject.toml": nil, "svc/Dockerfile": nil}
	twoLocks := map[string][]byte{"a/Dockerfile": nil, "a/uv.lock": nil, "b/Dockerfile": nil, "b/uv.lock": nil}
	lockAlone := map[string][]byte{"uv.lock": nil, "pyproject.toml": nil}
	cases := []struct {
		name     string
		findings []lint.Finding
		sources  map[string][]byte
		want     string
	}{
		{"none one file", nil, oneFile, "No findings in 1 Dockerfile."},
		// Dockerfiles are counted, the locks read with them said, pyproject.toml not counted.
		{"with lock", []lint.Finding{finding(lint.Warning, nil)}, withLock, "Found 1 finding (1 warning) in 2 Dockerfiles (uv.lock read)."},
		{"two locks", nil, twoLocks, "No findings in 2 Dockerfiles (2 lock files read)."},
		{"lock alone", nil, lockAlone, "No findings in 1 lock file."},
		// Nothing analyzed: no summary at all (the input errors say why).
		{"none no file", nil, nil, ""},
		{"one", []lint.Finding{finding(lint.Error, nil)}, oneFile, "Found 1 finding (1 error) in 1 Dockerfile."},
		{
			"mixed",
			[]lint.Finding{finding(lint.Error, nil), finding(lint.Warning, fix(lint.SafeFix)), finding(lint.Warning, nil)},
			oneFile, "Found 3 findings (1 error, 2 warnings) in 1 Dockerfile; 1 fixable with --fix.",
		},
		{
			"info style",
			[]lint.Finding{finding(lint.Info, nil), finding(lint.Info, nil), finding(lint.Style, nil)},
			oneFile, "Found 3 findings (2 info, 1 style) in 1 Dockerfile.",
		},
		{
			"unsafe only",
			[]lint.Finding{finding(lint.Warning, fix(lint.UnsafeFix))},
			oneFile, "Found 1 finding (1 warning) in 1 Dockerfile; 1 fixable with --unsafe-fixes.",
		},
		{
			"display only is not fixable",
			[]lint.Finding{finding(lint.Warning, fix(lint.DisplayOnly))},
			oneFile, "Found 1 finding (1 warning) in 1 Dockerfile.",
		},
		{
			"safe and unsafe",
			[]lint.Finding{finding(lint.Warning, fix(lint.SafeFix)), finding(lint.Warning, fix(lint.UnsafeFix))},
			oneFile, "Found 2 findings (2 warnings) in 1 Dockerfile; 1 fixable with --fix, 1 more with --unsafe-fixes.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			run := &report.Run{Findings: c.findings, Sources: c.sources}
			if err := report.Text(&buf, run, report.Options{}); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			if got := lines[len(lines)-1]; got != c.want {
				t.Errorf("summary = %q, want %q", got, c.want)
			}
			if len(c.findings) > 0 && lines[len(lines)-2] != "" {
				t.Errorf("no blank line before the summary:\n%s", buf.String())
			}
		})
	}
}

func TestTextEscapesControlCharacters(t *testing.T) {
	run := &report.Run{
		Findings: []lint.Finding{{
			Rule: &lint.Rule{Code: "DL3007"}, Severity: lint.Warning, File: "Docker\x1bfile",
			Start: at(2, 6), End: at(2, 10),
			Message: "image \x1b[31mevil\x1b[0m:latest\nsecond line\u009b\xff\ttab",
		}},
		Sources: map[string][]byte{"Dockerfile": nil},
	}
	var buf bytes.Buffer
	if err := report.Text(&buf, run, report.Options{}); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(buf.String(), "\n")
	want := `Docker\x1bfile:2:6: DL3007 image \x1b[31mevil\x1b[0m:latest\nsecond line\u009b\xff` + "\ttab"
	if first != want {
		t.Errorf("got  %q\nwant %q", first, want)
	}
}

func TestJSONArraysNeverNull(t *testing.T) {
	var buf bytes.Buffer
	run := &report.Run{Findings: []lint.Finding{{
		Rule: &lint.Rule{Code: "DL3007", Name: "latest-tag"}, Severity: lint.Warning,
		File: "Dockerfile", Start: at(1, 6), Message: "m",
	}}}
	if err := report.JSON(&buf, run); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("null")) {
		t.Errorf("JSON output contains null:\n%s", buf.String())
	}
	var doc struct {
		Files       []string `json:"files"`
		Errors      []string `json:"errors"`
		Diagnostics []struct {
			Line, Column, EndLine, EndColumn int
			Fixes                            []any `json:"fixes"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Files == nil || doc.Errors == nil || doc.Diagnostics[0].Fixes == nil {
		t.Errorf("missing arrays: %s", buf.String())
	}
}

func TestJSONEndDefaultsToStart(t *testing.T) {
	var buf bytes.Buffer
	run := &report.Run{Findings: []lint.Finding{{
		Rule: &lint.Rule{Code: "DL3007"}, Severity: lint.Warning,
		File: "Dockerfile", Start: at(3, 6), Message: "m",
	}}}
	if err := report.JSON(&buf, run); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Diagnostics []struct {
			EndLine   int `json:"end_line"`
			EndColumn int `json:"end_column"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if d := doc.Diagnostics[0]; d.EndLine != 3 || d.EndColumn != 6 {
		t.Errorf("end = %d:%d, want 3:6", d.EndLine, d.EndColumn)
	}
}

func TestRelPath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ root, path, want string }{
		{"", "/a/b/Dockerfile", "/a/b/Dockerfile"},
		{"/a", "/a/b/Dockerfile", "b/Dockerfile"},
		{"/a/", "/a/Dockerfile", "Dockerfile"},
		{"/a", "/ab/Dockerfile", "/ab/Dockerfile"},
		{"/a/b", "/a/Dockerfile", "/a/Dockerfile"},
		{"/a", "/a", "."},
		{".", "svc/Dockerfile", "svc/Dockerfile"},
		{"svc", "svc/Dockerfile", "Dockerfile"},
		{"svc", "other/Dockerfile", "other/Dockerfile"},
		{wd, "svc/Dockerfile", "svc/Dockerfile"},
		{".", filepath.Join(wd, "svc", "Dockerfile"), "svc/Dockerfile"},
		{"/elsewhere", "svc/Dockerfile", "svc/Dockerfile"},
	}
	for _, c := range cases {
		run := &report.Run{Root: filepath.FromSlash(c.root)}
		if got := filepath.ToSlash(run.RelPath(filepath.FromSlash(c.path))); got != c.want {
			t.Errorf("Root %q: RelPath(%q) = %q, want %q", c.root, c.path, got, c.want)
		}
	}
}

func at(line, col int) token.Position {
	return token.Position{Line: line, Column: col}
}
