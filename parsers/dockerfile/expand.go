package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// Vars is a set of variable values (ARG defaults, ENV values) as BuildKit's
// shell lexer reads them.
type Vars map[string]string

// Get returns the value of k.
func (m Vars) Get(k string) (string, bool) { v, ok := m[k]; return v, ok }

// Keys lists the names.
func (m Vars) Keys() []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// VarFunc looks variables up with a function.
type VarFunc func(string) (string, bool)

// Get returns the value of k.
func (g VarFunc) Get(k string) (string, bool) { return g(k) }

// Keys lists nothing: a VarFunc cannot enumerate its names.
func (g VarFunc) Keys() []string { return nil }

// ExpandWord substitutes vars into word as BuildKit does with lex; a word
// that does not expand (a syntax error, or nothing to expand) is kept as
// written. Most words are plain ("python:3.12-slim") and skip the lexer.
// It is Expander.Expand for a caller with a lexer of its own; the values
// of the variables come from the one scope model (ScopeOf).
func ExpandWord(lex *shell.Lex, word string, vars shell.EnvGetter) string {
	if plainWord(word) {
		return word
	}
	res, err := lex.ProcessWordWithMatches(word, vars)
	if err != nil {
		return word
	}
	return res.Result
}

// plainWord reports whether the lexer would return word unchanged:
// printable ASCII without expansions, quotes, escapes or heredoc marks.
func plainWord(word string) bool {
	for i := range len(word) {
		c := word[i]
		if c < ' ' || c > '~' || strings.IndexByte(`$<'"\`, c) >= 0 {
			return false
		}
	}
	return true
}
