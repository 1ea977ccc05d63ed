package buildkit

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
)

// Where findings go: BuildKit reports a line, ballast the smallest useful
// span, so the words BuildKit expands are found again in the source.

// firstLineSpan returns sp, stretched back to the instruction's keyword when
// it starts on a continuation line: BuildKit reports a finding on the first
// line of its instruction, and so must ballast.
func firstLineSpan(f *dockerfile.File, in *dockerfile.Instruction, sp dockerfile.Span) dockerfile.Span {
	if f.Position(sp.Start).Line != in.StartLine {
		sp.Start = in.KeywordSpan.Start
	}
	return sp
}

// fromBaseSpan is the base image (or stage) word of a FROM instruction.
func fromBaseSpan(from *dockerfile.Instruction) dockerfile.Span {
	if len(from.Args) > 0 {
		return from.Args[0].Span
	}
	return from.KeywordSpan
}

// varRef finds the first reference to the variable name in s at or after
// from that the escape character does not quote: `$name` or `${name…`. It
// returns the byte range of `$name`, or of `${name}` when the brace closes
// right after the name.
func varRef(s []byte, name string, from int, escape byte) (int, int, bool) {
	if name == "" {
		return 0, 0, false
	}
	for i := max(from, 0); i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == escape; j-- {
			n++
		}
		if n%2 == 1 {
			continue
		}
		at, brace := i+1, false
		if at < len(s) && s[at] == '{' {
			at, brace = at+1, true
		}
		if !bytes.HasPrefix(s[at:], []byte(name)) {
			continue
		}
		end := at + len(name)
		if end < len(s) && continuesName(name, rune(s[end])) {
			continue
		}
		if brace && end < len(s) && s[end] == '}' {
			end++
		}
		return i, end, true
	}
	return 0, 0, false
}

// continuesName reports whether r would have been read as part of name by
// BuildKit's lexer (digits-only names stop at a non-digit, special
// parameters are one character).
func continuesName(name string, r rune) bool {
	if _, err := strconv.Atoi(name); err == nil {
		return unicode.IsDigit(r)
	}
	if len(name) == 1 && strings.ContainsRune("@*#?-$!0", rune(name[0])) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

// located is text assembled from pieces of the Dockerfile with the source
// offset of every byte, so that a word BuildKit expands can be found again.
type located struct {
	s   []byte
	off []int
}

func (l *located) addSpan(src []byte, sp dockerfile.Span) {
	for i := sp.Start; i < sp.End && i < len(src); i++ {
		l.s = append(l.s, src[i])
		l.off = append(l.off, i)
	}
	l.sep()
}

func (l *located) addArgs(in *dockerfile.Instruction) {
	text := in.ArgsText()
	for i := range len(text) {
		l.s = append(l.s, text[i])
		l.off = append(l.off, in.ArgsTextSpan(i, i+1).Start)
	}
	l.sep()
}

// sep keeps pieces apart so that a search never matches across two of them.
func (l *located) sep() {
	at := 0
	if n := len(l.off); n > 0 {
		at = l.off[n-1] + 1
	}
	l.s = append(l.s, 0)
	l.off = append(l.off, at)
}

// span maps [i, j) of the text back to the source.
func (l *located) span(i, j int) dockerfile.Span {
	if len(l.off) == 0 {
		return dockerfile.Span{}
	}
	i = min(i, len(l.off)-1)
	if j <= i {
		return dockerfile.Span{Start: l.off[i], End: l.off[i]}
	}
	j = min(j, len(l.off))
	return dockerfile.Span{Start: l.off[i], End: l.off[j-1] + 1}
}

// instructionText is everything of in that BuildKit may expand: its flags,
// its arguments and its heredoc bodies, in source order.
func instructionText(f *dockerfile.File, in *dockerfile.Instruction) *located {
	l := &located{}
	for _, fl := range in.Flags {
		l.addSpan(f.Src, fl.Span)
	}
	l.addArgs(in)
	for _, h := range in.Heredocs {
		l.addSpan(f.Src, h.Body)
	}
	return l
}

// varSpan is where the variable name is referenced in in, searching the
// located text from index from; it falls back to the whole arguments.
func varSpan(f *dockerfile.File, in *dockerfile.Instruction, text *located, from int, name string) dockerfile.Span {
	if i, j, ok := varRef(text.s, name, from, f.Escape); ok {
		return firstLineSpan(f, in, text.span(i, j))
	}
	if i, j, ok := varRef(text.s, name, 0, f.Escape); ok {
		return firstLineSpan(f, in, text.span(i, j))
	}
	if in.ArgsSpan.End > in.ArgsSpan.Start {
		return firstLineSpan(f, in, in.ArgsSpan)
	}
	return in.KeywordSpan
}

// argWord is a word of an instruction's logical argument text, split on
// unquoted blanks the way BuildKit's key=value parsers split it, with its
// position in ArgsText.
type argWord struct {
	text       string
	start, end int
}

// argWords splits the instruction's argument text into words, keeping
// quotes and escapes as written.
func argWords(in *dockerfile.Instruction, escape byte) []argWord {
	s := in.ArgsText()
	var words []argWord
	i := 0
	for i < len(s) {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		var quote byte
		for i < len(s) {
			c := s[i]
			if quote != 0 {
				if c == escape && quote == '"' && i+1 < len(s) {
					i += 2
					continue
				}
				if c == quote {
					quote = 0
				}
				i++
				continue
			}
			if isBlank(c) {
				break
			}
			if c == escape && i+1 < len(s) {
				i += 2
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			}
			i++
		}
		words = append(words, argWord{text: s[start:i], start: start, end: i})
	}
	return words
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// keySpans finds, in order, the source span of each key of an ARG, ENV or
// LABEL instruction: the part of a word before `=`, or the first word of
// the legacy `KEY value` form. A key not found gets the keyword's span.
func keySpans(in *dockerfile.Instruction, escape byte, keys []string) []dockerfile.Span {
	words := argWords(in, escape)
	spans := make([]dockerfile.Span, len(keys))
	next := 0
	for k, key := range keys {
		spans[k] = in.KeywordSpan
		for w := next; w < len(words); w++ {
			name, _, _ := strings.Cut(words[w].text, "=")
			if name == key || unquote(name) == key {
				spans[k] = in.ArgsTextSpan(words[w].start, words[w].start+len(name))
				next = w + 1
				break
			}
		}
	}
	return spans
}

// lazyKeySpans is keySpans computed on first use: most instructions have
// nothing to report.
func lazyKeySpans(in *dockerfile.Instruction, escape byte, keys []string) func(i int) dockerfile.Span {
	var spans []dockerfile.Span
	return func(i int) dockerfile.Span {
		if spans == nil {
			spans = keySpans(in, escape, keys)
		}
		return spans[i]
	}
}

// unquote drops one pair of surrounding quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// wordSpans maps values (as BuildKit's typed command holds them, in any
// order) back to the instruction's argument words: each value takes the
// first unused word that equals it. Unmatched values get the span of the
// arguments.
func wordSpans(in *dockerfile.Instruction, values []string) []dockerfile.Span {
	used := make([]bool, len(in.Args))
	spans := make([]dockerfile.Span, len(values))
	for i, v := range values {
		spans[i] = in.ArgsSpan
		for w, word := range in.Args {
			if !used[w] && word.Value == v {
				used[w] = true
				spans[i] = word.Span
				break
			}
		}
	}
	return spans
}
