package dockerfile

import (
	"bytes"
	"unicode"
)

// Span is a half-open byte range [Start, End) of File.Src.
type Span struct{ Start, End int }

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// text is a string assembled from pieces of the source, with the source offset
// of every byte, so that anything found in it maps back to exact positions.
type text struct {
	s   []byte
	off []int // off[i] is the source offset of s[i]; len(off) == len(s)+1
}

func (t *text) add(src []byte, start, end int) {
	t.s = append(t.s, src[start:end]...)
	for i := start; i < end; i++ {
		t.off = append(t.off, i)
	}
}

// addByte appends a synthetic byte that stands at source offset at.
func (t *text) addByte(b byte, at int) {
	t.s = append(t.s, b)
	t.off = append(t.off, at)
}

// span maps the text range [i, j) back to a source span.
func (t *text) span(i, j int) Span {
	if len(t.off) == 0 {
		return Span{}
	}
	if i >= len(t.off) {
		i = len(t.off) - 1
	}
	if j <= i {
		return Span{t.off[i], t.off[i]}
	}
	if j > len(t.off) {
		j = len(t.off)
	}
	return Span{t.off[i], t.off[j-1] + 1}
}

// rawLine is one physical line: [start, end) excludes the line terminator;
// next is the offset of the following line.
type rawLine struct{ start, end, next int }

func splitLines(src []byte) []rawLine {
	var lines []rawLine
	for pos := 0; pos < len(src); {
		i := bytes.IndexByte(src[pos:], '\n')
		if i < 0 {
			lines = append(lines, rawLine{pos, trimCR(src, pos, len(src)), len(src)})
			break
		}
		lines = append(lines, rawLine{pos, trimCR(src, pos, pos+i), pos + i + 1})
		pos += i + 1
	}
	return lines
}

// trimCR drops carriage returns before the newline, as BuildKit does.
func trimCR(src []byte, start, end int) int {
	for end > start && src[end-1] == '\r' {
		end--
	}
	return end
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\v' || b == '\f' || b == '\r' }

func skipSpaces(src []byte, i, end int) int {
	for i < end && unicode.IsSpace(rune(src[i])) {
		i++
	}
	return i
}

func isCommentLine(src []byte, l rawLine) bool {
	i := skipSpaces(src, l.start, l.end)
	return i < l.end && src[i] == '#'
}

func isBlankLine(src []byte, l rawLine) bool {
	return skipSpaces(src, l.start, l.end) == l.end
}

// continuation reports whether the line ends with the escape token (followed
// only by blanks) that is not itself escaped, and where that token starts.
// It mirrors BuildKit's line-continuation expression.
func continuation(src []byte, start, end int, escape byte) (int, bool) {
	i := end
	for i > start && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i == start || src[i-1] != escape {
		return 0, false
	}
	tok := i - 1
	if tok == start {
		return tok, true
	}
	if src[tok-1] == escape {
		return 0, false
	}
	return tok, true
}
