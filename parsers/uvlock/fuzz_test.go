package uvlock

import (
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
)

// FuzzParse checks that no input panics, that every error is an *Error
// located inside the input, that every position of a parsed lock lies in
// the input with the right line and column, and that resolving its edges
// and finding its roots do not panic either.
func FuzzParse(f *testing.F) {
	tomlpostest.Fuzz(f, goldenDir, "uv.lock", Parse, func(lock *Lock) {
		for _, p := range lock.Packages {
			for _, e := range edges(p) {
				lock.Resolve(e)
			}
		}
		lock.Roots()
	})
}
