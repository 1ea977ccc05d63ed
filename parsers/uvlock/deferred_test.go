package uvlock

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"golang.org/x/tools/txtar"
)

// sameAsEager fails t unless Parse, which defers sdists and wheels, gives
// src the model (every value and position, artifacts decoded) or the error
// that decoding everything at once gives. It returns how many packages had
// deferred artifacts.
func sameAsEager(t *testing.T, name string, src []byte) int {
	t.Helper()
	lazy, lazyErr := Parse(name, src)
	eager, eagerErr := parse(name, src, nil)
	if (lazyErr == nil) != (eagerErr == nil) || lazyErr != nil && lazyErr.Error() != eagerErr.Error() {
		t.Fatalf("deferred parse: %v\neager parse: %v", lazyErr, eagerErr)
	}
	if lazyErr != nil {
		return 0
	}
	deferred := 0
	for _, p := range lazy.Packages {
		if p.files != nil {
			deferred++
		}
	}
	if got, want := tomlpostest.Dump(lazy), tomlpostest.Dump(eager); got != want {
		t.Fatalf("deferred parse differs from the eager one:\n%s", firstDiff(want, got))
	}
	return deferred
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) && i < len(g); i++ {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d\n  eager: %s\n  lazy:  %s", i+1, w[i], g[i])
		}
	}
	return "lengths differ"
}

// TestDeferredMatchesEager checks the deferral on every lock of the
// goldens and of the corpus, and that it defers in every real lock.
func TestDeferredMatchesEager(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	for _, file := range goldens {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			sameAsEager(t, "uv.lock", tomlpostest.Section(t, ar, "uv.lock"))
		})
	}
	for _, file := range uvlocktest.Locks(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if sameAsEager(t, filepath.Base(file), src) == 0 && strings.Contains(string(src), "\nwheels = [\n") {
				t.Error("no package had its artifacts deferred")
			}
			crlf := []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))
			sameAsEager(t, filepath.Base(file), crlf)
		})
	}
}

// deferredCases are locks whose artifacts look deferrable but are not, or
// are only nearly written as uv writes them.
var deferredCases = []string{
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
	// Deferred, and fine.
	"version = 1\n[[package]]\nname = \"a\"\nsdist = { url = \"u\", hash = \"sha256:00\", size = 0, upload-time = \"2024-01-01T00:00:00Z\" }\nwheels = [\n    { url = \"u\", size = 12 },\n    { path = \"p\" }\n]\n[[package]]\nname = \"b\"\nwheels = [\n]",
}

func TestDeferredCases(t *testing.T) {
	for _, src := range deferredCases {
		sameAsEager(t, "uv.lock", []byte(src))
	}
}

// TestDeferredConcurrent reads the artifacts of one lock from many
// goroutines; go test -race checks that the decoding on first use is safe.
func TestDeferredConcurrent(t *testing.T) {
	src := []byte(deferredCases[len(deferredCases)-1])
	lock, err := Parse("uv.lock", src)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, p := range lock.Packages {
				for _, w := range p.Wheels() {
					_ = w.Name()
				}
				_ = p.Sdist()
			}
		})
	}
	wg.Wait()
	if n := len(lock.Packages[0].Wheels()); n != 2 {
		t.Errorf("%d wheels, want 2", n)
	}
}

// FuzzDeferred checks that deferring never changes the model or the error.
func FuzzDeferred(f *testing.F) {
	for _, src := range deferredCases {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsEager(t, "uv.lock", src)
	})
}
