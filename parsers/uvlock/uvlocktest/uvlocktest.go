// Package uvlocktest finds the corpus of real uv.lock files for the tests
// of the packages that read locks. The corpus lives in the shared folder
// beside the repository, not in it: without it the tests skip, except in
// CI (CI=true), which must have it. Only tests import this package.
package uvlocktest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the folder of the lock corpus, shared/corpus/uvlock, or
// skips (fails in CI) when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0) // …/parsers/uvlock/uvlocktest/uvlocktest.go
	dir := filepath.Join(filepath.Dir(here), "..", "..", "..", "..", "shared", "corpus", "uvlock")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but the lock corpus is missing: %v", err)
		}
		tb.Skipf("lock corpus not found (%v); it lives in ../shared next to the repository", err)
	}
	return dir
}

// Locks returns the paths of every NAME.uv.lock of the corpus.
func Locks(tb testing.TB) []string {
	tb.Helper()
	locks, err := filepath.Glob(filepath.Join(Dir(tb), "*.uv.lock"))
	if err != nil || len(locks) == 0 {
		tb.Fatalf("no locks in the corpus: %v", err)
	}
	return locks
}
