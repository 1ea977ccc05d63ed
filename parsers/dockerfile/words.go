package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Shell words read as the shell reads them (quotes and escapes removed),
// with the way back from every byte to the Dockerfile.

// word is a shell word's value with the way back to the Dockerfile.
type word struct {
	s   string
	lit bool  // no expansions: s is the unquoted value, else the source text
	t   *text // maps s when unquoting changed it
	raw int   // otherwise s is the script's own text from this offset
	sc  *Script
}

// span maps the byte range [i, j) of the word's value to the Dockerfile.
func (w word) span(i, j int) Span {
	if w.t != nil {
		return w.t.span(i, j)
	}
	return w.sc.t.span(w.raw+i, w.raw+j)
}

// readWord reads a word; the common words (plain literals, words with
// expansions) need no text of their own.
func readWord(sc *Script, w *syntax.Word) word {
	start, end := int(w.Pos().Offset()), int(w.End().Offset())
	if start <= end && end <= len(sc.Src) {
		if len(w.Parts) == 1 {
			if _, ok := w.Parts[0].(*syntax.Lit); ok && strings.IndexByte(sc.Src[start:end], '\\') < 0 {
				return word{s: sc.Src[start:end], lit: true, raw: start, sc: sc}
			}
		}
		if !literalParts(w) {
			return word{s: sc.Src[start:end], raw: start, sc: sc}
		}
	}
	t, lit := wordText(sc, w)
	return word{s: t.s, lit: lit, t: t, sc: sc}
}

// literalParts reports whether the word has no expansions: only literals
// and quotes (not $'…' or $"…") holding literals.
func literalParts(w *syntax.Word) bool {
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
		case *syntax.SglQuoted:
			if p.Dollar {
				return false
			}
		case *syntax.DblQuoted:
			if p.Dollar {
				return false
			}
			for _, q := range p.Parts {
				if _, ok := q.(*syntax.Lit); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// literalSuffix is the literal text at the end of a word: "/bin/pip" of
// "${VENV}/bin/pip".
func literalSuffix(w *syntax.Word) string {
	if len(w.Parts) == 0 {
		return ""
	}
	switch p := w.Parts[len(w.Parts)-1].(type) {
	case *syntax.Lit:
		return p.Value
	case *syntax.SglQuoted:
		return p.Value
	case *syntax.DblQuoted:
		if len(p.Parts) > 0 {
			if l, ok := p.Parts[len(p.Parts)-1].(*syntax.Lit); ok {
				return l.Value
			}
		}
	}
	return ""
}

// wordString is the word's value without quotes, and whether it has no
// expansions; a word with expansions yields its source text instead.
func wordString(sc *Script, w *syntax.Word) (string, bool) {
	rw := readWord(sc, w)
	return rw.s, rw.lit
}

// wordText unquotes the word with the Dockerfile offset of every byte
// kept, so that any part of it maps back exactly. A word with expansions
// ($x, $(…), globs are fine) yields its source text and false.
func wordText(sc *Script, w *syntax.Word) (*text, bool) {
	t := &text{}
	src := sc.Src
	lit := true
	for _, part := range w.Parts {
		start, end := int(part.Pos().Offset()), int(part.End().Offset())
		if start > end || end > len(src) {
			lit = false
			break
		}
		switch p := part.(type) {
		case *syntax.Lit:
			unescape(t, sc, start, end, func(byte) bool { return true })
		case *syntax.SglQuoted:
			if p.Dollar {
				lit = false
				break
			}
			t.addText(sc.t, start+1, end-1)
		case *syntax.DblQuoted:
			if p.Dollar {
				lit = false
				break
			}
			for _, q := range p.Parts {
				if _, ok := q.(*syntax.Lit); !ok {
					lit = false
					break
				}
			}
			if lit {
				// Inside double quotes a backslash escapes only $ ` " \ and
				// the newline.
				unescape(t, sc, start+1, end-1, func(c byte) bool { return strings.IndexByte("$`\"\\\n", c) >= 0 })
			}
		default:
			lit = false
		}
		if !lit {
			break
		}
	}
	if !lit {
		t = &text{}
		start, end := int(w.Pos().Offset()), int(w.End().Offset())
		if start <= end && end <= len(src) {
			t.addText(sc.t, start, end)
		}
	}
	t.end = sc.t.offset(int(w.End().Offset()))
	return t, lit
}

// unescape appends src[start:end] of the script, dropping the backslash of
// an escape whose next byte passes escapable, and escaped newlines whole.
func unescape(t *text, sc *Script, start, end int, escapable func(byte) bool) {
	src := sc.Src
	from := start
	for i := start; i < end; i++ {
		if src[i] != '\\' || i+1 >= end || !escapable(src[i+1]) {
			continue
		}
		t.addText(sc.t, from, i)
		if src[i+1] == '\n' {
			from = i + 2
		} else {
			from = i + 1
		}
		i++
	}
	t.addText(sc.t, from, end)
}
