package dockerfile

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// mentionedWords are the unquoted literal words of a script, as shellCalls
// reads them.
func mentionedWords(t *testing.T, src string) []string {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return nil
	}
	var words []string
	syntax.Walk(f, func(n syntax.Node) bool {
		if w, ok := n.(*syntax.Word); ok {
			words = append(words, unquotedLit(w))
		}
		return true
	})
	return words
}

func checkMayContain(t *testing.T, src, word string) {
	t.Helper()
	for _, w := range mentionedWords(t, src) {
		if strings.Contains(w, word) && !mayContain(src, word) {
			t.Errorf("mayContain(%q, %q) = false, but word %q holds it", src, word, w)
		}
	}
}

func TestMayContain(t *testing.T) {
	for _, src := range []string{
		"apt-get update", "a'pt'-get update", `ap\t-get update`, `"apt" update`, "$'apt' update",
		"ap$'t'-get update", "ap\\\nt-get update", `a""p''t update`, "sudo apt update",
	} {
		checkMayContain(t, src, "apt")
		if !mayContain(src, "apt") || !mayContain([]byte(src), "apt") {
			t.Errorf("mayContain(%q, apt) = false", src)
		}
	}
	for _, src := range []string{"pip install x", "a p t", "ap-t", `ap"x"t`} {
		if mayContain(src, "apt") || mayContain([]byte(src), "apt") {
			t.Errorf("mayContain(%q, apt) = true", src)
		}
	}
}

func FuzzMayContain(f *testing.F) {
	f.Add("a'pt'-get update && rm -rf /var/lib/apt/lists/*")
	f.Add(`sudo ap\t update`)
	f.Fuzz(func(t *testing.T, src string) {
		checkMayContain(t, src, "apt")
		checkMayContain(t, src, "pipx")
	})
}

func TestMayPipe(t *testing.T) {
	tests := map[string]bool{
		"RUN a | b":          true,
		"RUN a |& b":         true,
		"RUN a|b":            true,
		"RUN a || b":         false,
		"RUN a||b && c":      false,
		"RUN a || b | c":     true,
		"RUN a ||| b":        true,
		"RUN echo a\\\n |":   true,
		"RUN apt-get update": false,
		"":                   false,
	}
	for text, want := range tests {
		if got := mayPipe([]byte(text)); got != want {
			t.Errorf("mayPipe(%q) = %v, want %v", text, got, want)
		}
	}
}
