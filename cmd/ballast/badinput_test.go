package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput feeds inputs that are not Dockerfiles: each must give one
// clear message naming the file (and line where there is one), exit 2, no
// panic and no output on stdout.
func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("RUN echo 0123456789abcdef0123456789abcdef0123456789abcdef\n"), 50<<20/56)
	tests := []struct {
		name    string
		content []byte // nil: make a directory instead
		args    []string
		want    string
	}{
		{"binary", []byte("FROM scratch\n\x00\x01\x02\xff"), nil, "Dockerfile:2: binary file (NUL byte); not a Dockerfile"},
		{"invalid-utf8", []byte("FROM scratch\nRUN echo \xff\xfe\n"), nil, "Dockerfile:2:10: invalid UTF-8"},
		// A byte order mark is not a column of line 1.
		{"bom-invalid-utf8", []byte("\xef\xbb\xbfFROM \xff\n"), nil, "Dockerfile:1:6: invalid UTF-8"},
		{"empty", []byte{}, nil, "Dockerfile:1: file with no instructions"},
		{"only-comments", []byte("# nothing\n# here\n"), nil, "file with no instructions"},
		{"huge", append([]byte("FROM scratch\n"), big...), nil, "Dockerfile: file is 51 MiB, larger than the 16 MiB limit"},
		{"long-line", []byte("FROM scratch\nRUN " + strings.Repeat("x", 70000) + "\n"), nil, "Dockerfile:2: line longer than 65535 bytes"},
		{"unterminated-heredoc", []byte("FROM scratch\nRUN <<EOF\necho hi\n"), nil, "Dockerfile:2: unterminated heredoc"},
		// Instructions before FROM or that BuildKit refuses are findings
		// (DL3061, BA002); a file of which it knows no instruction is none.
		{"no-instruction-known", []byte("# Notes\nhello world\n"), nil, "Dockerfile:2: unknown instruction: hello"},
		{"directory", nil, []string{"check", "Dockerfile"}, "no Dockerfile found in Dockerfile"},
		{"missing", []byte("FROM scratch\n"), []string{"check", "missing/Dockerfile"}, "missing/Dockerfile: no such file or directory"},
		{"bad-escape", []byte("# escape=x\nFROM scratch\n"), nil, "invalid escape token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if tt.content == nil {
				if err := os.Mkdir(filepath.Join(dir, "Dockerfile"), 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			args := tt.args
			if args == nil {
				args = []string{"check", "Dockerfile"}
			}
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout not empty: %q", stdout.String())
			}
			if lines := strings.Count(stderr.String(), "\n"); lines != 1 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", stderr.String(), tt.want)
			}
		})
	}
}

// TestBadInputStdin: the same limits apply to standard input.
func TestBadInputStdin(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "-"}, bytes.NewReader([]byte("FROM scratch\n\x00")), &stdout, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "Dockerfile:2: binary file") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestBOMColumns: a finding on line 1 of a file that starts with a byte
// order mark is at the column an editor shows, in text and in SARIF.
func TestBOMColumns(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("Dockerfile", []byte("\xef\xbb\xbfFROM python:latest AS base\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	run([]string{"check", "--no-color", "Dockerfile"}, nil, &stdout, &stderr)
	if want := "Dockerfile:1:13: DL3007 "; !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("text: %q, want a line starting %q", stdout.String(), want)
	}
	stdout.Reset()
	run([]string{"check", "--format", "sarif", "Dockerfile"}, nil, &stdout, &stderr)
	if want := `"startColumn": 13,`; !strings.Contains(stdout.String(), want) {
		t.Errorf("sarif has no %s:\n%s", want, stdout.String())
	}
}
