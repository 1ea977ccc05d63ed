package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/sarif/sariftest"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected sections of CLI golden files")

// TestCLI runs every testdata/cli/*.txtar case. The archive comment holds
// `args: …` (the command line, split on blanks), optionally `stdin: FILE`
// (a file of the archive fed to standard input) and `env: NAME=VALUE` lines
// (set for the run). The files are written to a
// temporary directory that becomes the working directory; `stdout`,
// `stderr` and `exit` sections hold the exact expected results, and a
// `want/PATH` section what the file PATH holds afterwards.
func TestCLI(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "testdata", "cli", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no CLI cases: %v", err)
	}
	for _, path := range cases {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) { runCLICase(t, abs) })
	}
}

func runCLICase(t *testing.T, path string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	var stdinName string
	for line := range strings.SplitSeq(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(line, "args:"); ok {
			args = strings.Fields(v)
		}
		if v, ok := strings.CutPrefix(line, "stdin:"); ok {
			stdinName = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "env:"); ok {
			name, value, _ := strings.Cut(strings.TrimSpace(v), "=")
			t.Setenv(name, value)
		}
	}
	dir := t.TempDir()
	want := map[string]*txtar.File{}
	files := map[string][]byte{}
	var wantFiles []*txtar.File
	for i := range ar.Files {
		f := &ar.Files[i]
		switch {
		case f.Name == "stdout" || f.Name == "stderr" || f.Name == "exit":
			want[f.Name] = f
			continue
		case strings.HasPrefix(f.Name, "want/"):
			wantFiles = append(wantFiles, f)
			continue
		}
		files[f.Name] = f.Data
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	stdin := bytes.NewReader(files[stdinName])
	code := run(args, stdin, &stdout, &stderr)
	checkWellFormed(t, args, stdout.Bytes())
	// A SARIF report written to a file meets the schema too.
	written, _ := filepath.Glob(filepath.Join(dir, "*.sarif"))
	for _, p := range written {
		if data, err := os.ReadFile(p); err == nil {
			sariftest.Validate(t, data)
		}
	}
	got := map[string]string{
		"stdout": strings.ReplaceAll(stdout.String(), dir, "$WORK"),
		"stderr": strings.ReplaceAll(stderr.String(), dir, "$WORK"),
		"exit":   strconv.Itoa(code) + "\n",
	}
	changed := false
	for _, w := range wantFiles {
		// want/PATH holds what PATH must contain after the run.
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(w.Name, "want/"))))
		if err != nil {
			t.Errorf("%s: %v", w.Name, err)
			continue
		}
		if string(got) != string(w.Data) {
			if *update {
				w.Data = got
				changed = true
				continue
			}
			t.Errorf("%s differs\n--- got\n%s--- want\n%s", w.Name, got, w.Data)
		}
	}
	for _, name := range []string{"stdout", "stderr", "exit"} {
		w, ok := want[name]
		if !ok {
			if got[name] == "" {
				continue
			}
			ar.Files = append(ar.Files, txtar.File{Name: name})
			w = &ar.Files[len(ar.Files)-1]
		}
		if string(w.Data) != got[name] {
			if *update {
				w.Data = []byte(got[name])
				changed = true
				continue
			}
			t.Errorf("%s differs\n--- got\n%s--- want\n%s", name, got[name], w.Data)
		}
	}
	if changed {
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkWellFormed checks that a report on standard output in a JSON or
// XML format parses, and that SARIF meets its schema.
func checkWellFormed(t *testing.T, args []string, stdout []byte) {
	t.Helper()
	format := ""
	for i, a := range args {
		if (a == "--format" || a == "-format") && i+1 < len(args) {
			format = args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--format="); ok {
			format = v
		}
	}
	if len(stdout) == 0 {
		return
	}
	switch format {
	case "sarif":
		sariftest.Validate(t, stdout)
	case "json", "gitlab", "rdjson", "hadolint-json":
		if !json.Valid(stdout) {
			t.Errorf("--format %s: not JSON:\n%s", format, stdout)
		}
	case "json-lines":
		for line := range strings.SplitSeq(strings.TrimSuffix(string(stdout), "\n"), "\n") {
			if !json.Valid([]byte(line)) {
				t.Errorf("--format json-lines: not JSON: %s", line)
			}
		}
	case "checkstyle", "junit":
		d := xml.NewDecoder(bytes.NewReader(stdout))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("--format %s: not well-formed XML: %v", format, err)
				break
			}
		}
	}
}
