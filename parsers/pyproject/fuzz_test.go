package pyproject

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"github.com/ballast-dev/ballast/parsers/internal/tomlpos/tomlpostest"
	"golang.org/x/tools/txtar"
)

// FuzzParse checks that no input panics, that every error is an *Error
// located inside the input, and that every position of a parsed project
// lies in the input with the right line and column.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil && len(ar.Files) > 0 {
			f.Add(ar.Files[0].Data)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse("pyproject.toml", src)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "pyproject.toml" {
				t.Fatalf("error %v (%T) is not an *Error for pyproject.toml", err, err)
			}
			lines := bytes.Split(src, []byte("\n"))
			if e.Line < 1 || e.Line > len(lines) || e.Col < 1 || e.Col > len(lines[e.Line-1])+1 {
				t.Fatalf("error position %d:%d outside the input: %v", e.Line, e.Col, err)
			}
			return
		}
		if err := tomlpostest.CheckPositions(src, p); err != nil {
			t.Fatal(err)
		}
	})
}
