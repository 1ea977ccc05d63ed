package dockerfile

import (
	"errors"
	"testing"
)

// FuzzParse checks that no input panics, that failures are *Error, and
// that every span of a parsed file (instructions, flags, arguments,
// heredocs, shell nodes, commands) lies inside the source, with keywords
// and builder flags where BuildKit saw them. Seeds live in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		df, err := Parse("Dockerfile", src)
		if err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("error %v is %T, want *Error", err, err)
			}
			return
		}
		checkInvariants(t, df)
	})
}
