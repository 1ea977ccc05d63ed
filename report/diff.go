package report

import (
	udiff "github.com/aymanbagabas/go-udiff"
)

// UnifiedDiff renders the change from old to new as a unified diff with
// three lines of context, the way `diff -u` and `git diff` print it. It
// returns "" when the contents are equal.
//
// go-udiff is the Go team's own diff (golang.org/x/tools/internal/diff,
// exported): Myers' algorithm in linear memory, where a line-LCS table
// grows with the product of the two lengths (1.17 GB at 12,000 lines).
func UnifiedDiff(name string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	return udiff.Unified(name, name, string(old), string(new))
}
