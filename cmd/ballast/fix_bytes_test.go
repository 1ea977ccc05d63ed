package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestFixKeepsBytes: --fix --unsafe-fixes on a CRLF copy and on a copy
// without a trailing newline of the golden cases that fix a Dockerfile
// gives the LF result with the same line endings and the same end, keeps
// the file's mode, and a second pass changes nothing.
func TestFixKeepsBytes(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range cases {
		code := filepath.Base(filepath.Dir(path))
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var src []byte
		fixes, plain := false, true
		for _, f := range ar.Files {
			switch f.Name {
			case "Dockerfile":
				src = f.Data
			case "Dockerfile.fixed", "Dockerfile.unsafe-fixed", "want":
				fixes = fixes || f.Name != "want"
			default:
				plain = false // a lock, a config or another file: the case needs more than the CLI's defaults
			}
		}
		if code == "SC" || !fixes || !plain || src == nil || bytes.Contains(src, []byte("\r")) || directives(ar.Comment) {
			continue
		}
		t.Run(code+"/"+strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			lf := fixThroughCLI(t, code, src, 0o644)
			if bytes.Equal(lf, src) {
				t.Skip("no fix applies through the CLI")
			}
			crlf := fixThroughCLI(t, code, bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n")), 0o640)
			if want := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n")); !bytes.Equal(crlf, want) {
				t.Errorf("CRLF copy fixed to\n%q\nwant\n%q", crlf, want)
			}
			if bytes.HasSuffix(src, []byte("\n")) && bytes.HasSuffix(lf, []byte("\n")) {
				noEOL := fixThroughCLI(t, code, bytes.TrimSuffix(src, []byte("\n")), 0o600)
				if want := bytes.TrimSuffix(lf, []byte("\n")); !bytes.Equal(noEOL, want) {
					t.Errorf("copy without a trailing newline fixed to\n%q\nwant\n%q", noEOL, want)
				}
			}
			checked++
		})
	}
	if checked == 0 {
		t.Fatal("no golden case fixed through the CLI")
	}
}

// directives reports whether a golden case's comment sets how it runs
// (select:, dockerfile:, corpus:): the CLI's defaults would not reproduce it.
func directives(comment []byte) bool {
	for line := range strings.SplitSeq(string(comment), "\n") {
		for _, d := range []string{"select:", "dockerfile:", "corpus:", "config:"} {
			if strings.HasPrefix(line, d) {
				return true
			}
		}
	}
	return false
}

// fixThroughCLI writes src as a Dockerfile of the given mode, runs
// check --fix --unsafe-fixes --select code on it twice and returns what
// the first run wrote; the second must write nothing and the mode must stay.
func fixThroughCLI(t *testing.T, code string, src []byte, mode os.FileMode) []byte {
	t.Helper()
	dir := t.TempDir()
	df := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(df, src, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(df, mode); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", "--fix", "--unsafe-fixes", "--select", code, "--format", "json", df}
	if c, _, stderr := runGuarded(t, args, nil); c == exitError {
		t.Fatalf("exit %d: %s", c, stderr)
	}
	fixed, err := os.ReadFile(df)
	if err != nil {
		t.Fatal(err)
	}
	if c, _, stderr := runGuarded(t, args, nil); c == exitError {
		t.Fatalf("second pass: exit %d: %s", c, stderr)
	}
	again, err := os.ReadFile(df)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, fixed) {
		t.Errorf("a second --fix --unsafe-fixes changed the file:\n%q\nto\n%q", fixed, again)
	}
	if st, err := os.Stat(df); err != nil || st.Mode().Perm() != mode {
		t.Errorf("mode after --fix: %v (%v), want %v", st.Mode().Perm(), err, mode)
	}
	return fixed
}
