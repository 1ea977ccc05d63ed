package build

import (
	"regexp"
	"testing"
)

// The expressions readPythonTag and uvTagVersion replaced: the tests'
// oracles.
var (
	pythonTagExpr = regexp.MustCompile(`^(\d+)(?:\.(\d+)(\.\d+)?)?(?:(?:a|b|rc)\d+)?(t)?(?:-rc)?(?:-(.+))?$`)
	uvTagExpr     = regexp.MustCompile(`^(\d+\.\d+(?:\.\d+)?)(?:-|$)`)
)

var tagSamples = []string{
	"", "3", "3.12", "3.12.7", "3.12-slim", "3.12.7-slim-bookworm", "3.14.0rc2", "3.14-rc", "3.14-rc-slim",
	"3.14-rcfoo", "3.14.0a1-alpine", "3.14.0b3t", "3.13t", "3.13t-slim", "3.13-t", "3.12alpine", "3.12rc",
	"3.12.", "3.12.x", "3.", ".12", "3.12.7.1", "3-", "3.12-", "3.12-rc-", "3.12-a\nb", "3.12-\xff", "latest",
	"slim", "alpine3.20", "3.12-windowsservercore-ltsc2022", "0.5.11", "0.5", "0.5-python3.12-bookworm",
	"0.5.11-alpine", "0.5.x", "0.5.11.2", "1.2.3-", "12.34.56", "0", "0.", "python3.12", "3.12-rc1", "3t",
	"3a1", "3b", "3rc12t-rc-x",
}

func TestReadPythonTagMatchesExpression(t *testing.T) {
	for _, s := range tagSamples {
		checkPythonTag(t, s)
	}
}

func TestUVTagVersionMatchesExpression(t *testing.T) {
	for _, s := range tagSamples {
		checkUVTag(t, s)
	}
}

func FuzzTagReaders(f *testing.F) {
	for _, s := range tagSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPythonTag(t, s)
		checkUVTag(t, s)
	})
}

func checkPythonTag(t *testing.T, s string) {
	t.Helper()
	got, ok := readPythonTag(s)
	m := pythonTagExpr.FindStringSubmatch(s)
	if ok != (m != nil) {
		t.Fatalf("readPythonTag(%q) ok = %v, the expression matches: %v", s, ok, m != nil)
	}
	if m == nil {
		return
	}
	if want := (pythonTag{m[1], m[2], m[3], m[4], m[5]}); got != want {
		t.Errorf("readPythonTag(%q) = %+v, want %+v", s, got, want)
	}
}

func checkUVTag(t *testing.T, s string) {
	t.Helper()
	want := ""
	if m := uvTagExpr.FindStringSubmatch(s); m != nil {
		want = m[1]
	}
	if got := uvTagVersion(s); got != want {
		t.Errorf("uvTagVersion(%q) = %q, want %q", s, got, want)
	}
}
