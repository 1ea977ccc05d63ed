package tomlpostest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos"
	"golang.org/x/tools/txtar"
)

// Golden parses the section named input of each txtar case in dir and
// compares the Dump of the model, positions included, with its want
// section, after checking every position against the input. With update it
// rewrites the want sections instead.
func Golden[M any](t *testing.T, dir, input string, update bool, parse func(name string, src []byte) (M, error)) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases in %s (%v)", dir, err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src, want := Section(t, ar, input), Section(t, ar, "want")
			model, err := parse(input, src)
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckPositions(src, model); err != nil {
				t.Error(err)
			}
			got := Dump(model)
			if update {
				setSection(ar, "want", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("model differs from the golden (go test -update rewrites it):\n%s", lineDiff(string(want), got))
			}
		})
	}
}

// Section returns the data of the section called name, failing the test
// when there is none.
func Section(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no -- %s -- section", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
		}
	}
}

// lineDiff shows the first differing line with some context.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			lo := max(0, i-3)
			return "want:\n" + strings.Join(w[lo:min(len(w), i+4)], "\n") + "\ngot:\n" + strings.Join(g[lo:min(len(g), i+4)], "\n")
		}
	}
	return ""
}

// Fuzz seeds f with the first file of each txtar case in dir and checks
// that parsing never panics, that every error is a *tomlpos.Error for name
// located inside the input, and that every position of a parsed model lies
// in the input with the right line and column. then, when not nil, goes on
// with each parsed model.
func Fuzz[M any](f *testing.F, dir, name string, parse func(name string, src []byte) (M, error), then func(M)) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil && len(ar.Files) > 0 {
			f.Add(ar.Files[0].Data)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		model, err := parse(name, src)
		if err != nil {
			var e *tomlpos.Error
			if !errors.As(err, &e) || e.File != name {
				t.Fatalf("error %v (%T) is not an *Error for %s", err, err, name)
			}
			lines := bytes.Split(src, []byte("\n"))
			if e.Line < 1 || e.Line > len(lines) || e.Col < 1 || e.Col > len(lines[e.Line-1])+1 {
				t.Fatalf("error position %d:%d outside the input: %v", e.Line, e.Col, err)
			}
			return
		}
		if err := CheckPositions(src, model); err != nil {
			t.Fatal(err)
		}
		if then != nil {
			then(model)
		}
	})
}
