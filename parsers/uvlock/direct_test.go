package uvlock

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos"
	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"golang.org/x/tools/txtar"
)

// sameAsGoToml fails t unless Parse, whose TOML lines are built directly,
// gives src the model (every value and position) or the error that go-toml
// alone gives.
func sameAsGoToml(t *testing.T, name string, src []byte) {
	t.Helper()
	got, err := Parse(name, src)
	want, wantErr := parseWithGoToml(name, src)
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("Parse: %v\ngo-toml alone: %v", err, wantErr)
	}
	if err != nil {
		return
	}
	if g, w := tomlpostest.Dump(got), tomlpostest.Dump(want); g != w {
		t.Fatalf("Parse differs from go-toml alone:\n%s", firstDiff(w, g))
	}
}

func parseWithGoToml(name string, src []byte) (*Lock, error) {
	doc, err := tomlpos.ParseWithGoToml(name, src)
	if err != nil {
		return nil, err
	}
	return decode(name, doc)
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d\n  go-toml: %s\n  Parse:   %s", i+1, w[i], g[i])
		}
	}
	return "lengths differ"
}

// TestDirectMatchesGoToml checks the model of every lock of the goldens
// and of the corpus, LF and CRLF, against go-toml's.
func TestDirectMatchesGoToml(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	for _, file := range goldens {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			sameAsGoToml(t, "uv.lock", tomlpostest.Section(t, ar, "uv.lock"))
		})
	}
	for _, file := range uvlocktest.Locks(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sameAsGoToml(t, filepath.Base(file), src)
			crlf := []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))
			sameAsGoToml(t, filepath.Base(file), crlf)
		})
	}
}

// directCases are locks with lines that look as uv writes them but are
// not, or are only nearly so.
var directCases = []string{
	// A wheels line inside a multi-line string: not a key at all.
	"version = 1\n[[package]]\nname = \"a\"\nx = \"\"\"\nwheels = [\n]\n\"\"\"\n",
	// Duplicate keys, in the package and in an artifact.
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\" }\nsdist = { url = \"v\" }\n",
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\", url = \"v\" }\n",
	// A wheels array that a later header reopens as a table.
	"version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" },\n]\n[package.wheels]\n",
	// Outside [[package]]: decoded, and kept as unknown.
	"version = 1\nwheels = [\n    { url = \"u\" },\n]\n",
	"version = 1\n[[package]]\nname = \"a\"\n[package.metadata]\nsdist = { url = \"u\" }\n",
	// Escapes, non-ASCII, keys the model does not know, other kinds.
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\\u00e9\" }\n",
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"é\", size = 01 }\n",
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\", zstd = { size = 1 } }\n",
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { size = -1 }\n",
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { size = 99999999999999999999 }\n",
	// Missing commas, comments, trailing text, no end.
	"version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" }\n    { url = \"v\" },\n]\n",
	"version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" }, # c\n]\n",
	"version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" },\n] x\n",
	"version = 1\n[[package]]\nname = \"a\"\nwheels = [\n    { url = \"u\" },\n",
	// Built directly, and fine.
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\", hash = \"sha256:00\", size = 0, upload-time = \"2024-01-01T00:00:00Z\" }\nwheels = [\n    { url = \"u\", size = 12 },\n    { path = \"p\" }\n]\n[[package]]\nname = \"b\"\nwheels = [\n]",
}

func TestDirectCases(t *testing.T) {
	for _, src := range directCases {
		sameAsGoToml(t, "uv.lock", []byte(src))
	}
}

// FuzzDirect checks that the direct build never changes the model or the
// error.
func FuzzDirect(f *testing.F) {
	for _, src := range directCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsGoToml(t, "uv.lock", src)
	})
}
