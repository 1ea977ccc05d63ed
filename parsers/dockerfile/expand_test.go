package dockerfile

import (
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// TestPlainWord checks that the words ExpandWord passes through untouched are
// those BuildKit's lexer returns unchanged.
func TestPlainWord(t *testing.T) {
	for _, w := range []string{"python:3.12-slim", "ghcr.io/a/b@sha256:0f", "a b", "~x", "", "a$b", "a'b'", `a"b"`,
		`a\b`, "a<<b", "a\tb", "é", "a\x00b", "${X}", "a#b", "a%b", "a{b}"} {
		res, err := shell.NewLex('\\').ProcessWordWithMatches(w, Vars{})
		if plainWord(w) && (err != nil || res.Result != w) {
			t.Errorf("plainWord(%q) but the lexer gives %q, %v", w, res.Result, err)
		}
	}
}

func TestExpand(t *testing.T) {
	env := map[string]string{"PYTHON_VERSION": "3.11"}
	for in, want := range map[string]string{
		"python:${PYTHON_VERSION}-slim": "python:3.11-slim",
		"python:$PYTHON_VERSION":        "python:3.11",
		"python:${PY:-3.10}-alpine":     "python:3.10-alpine",
		"python:${UNSET}":               "python:",
		"python:3.12":                   "python:3.12",
	} {
		if got := ExpandWord(shell.NewLex('\\'), in, Vars(env)); got != want {
			t.Errorf("ExpandWord(%q) = %q, want %q", in, got, want)
		}
	}
}
