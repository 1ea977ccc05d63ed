package pyproject

import (
	"testing"

	"github.com/ballast-dev/ballast/parsers/tomlpos/tomlpostest"
)

// FuzzParse checks that no input panics, that every error is an *Error
// located inside the input, and that every position of a parsed project
// lies in the input with the right line and column.
func FuzzParse(f *testing.F) {
	tomlpostest.Fuzz(f, goldenDir, "pyproject.toml", Parse, nil)
}
