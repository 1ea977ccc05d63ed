package dockerfile

import (
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of File.Src.
type Span struct{ Start, End int }

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// text is a string assembled from pieces of the source, with the source
// offset of every byte, so that anything found in it maps back to exact
// positions. The offsets are kept per piece, not per byte: a logical line
// is a handful of pieces however long it is. The string is shared where it
// can be (BuildKit's own logical line, a slice of another text).
type text struct {
	s     string
	segs  []seg // in order of at; s[segs[k].at:segs[k+1].at] comes from src[segs[k].src:]
	end   int   // the source offset that stands for len(s)
	synth bool  // holds a synthetic byte (addByte): not all of s is source
	seg0  [2]seg
}

// seg says that s[at] is the source byte at offset src, and so on until the
// next seg.
type seg struct{ at, src int }

// mark starts a new piece at source offset src, unless the text already
// continues there.
func (t *text) mark(src int) {
	if n := len(t.segs); n > 0 {
		last := t.segs[n-1]
		if last.src+len(t.s)-last.at == src {
			return
		}
	} else if cap(t.segs) == 0 {
		// Most texts are one or two pieces: keep them in the struct.
		t.segs = t.seg0[:0]
	}
	t.segs = append(t.segs, seg{len(t.s), src})
}

// add appends src[start:end].
func (t *text) add(src []byte, start, end int) {
	if end <= start {
		return
	}
	t.mark(start)
	t.s += string(src[start:end])
}

// addByte appends a synthetic byte that stands at source offset at.
func (t *text) addByte(b byte, at int) {
	t.mark(at)
	t.s += string(rune(b))
	t.synth = true
}

// addText appends u.s[i:j] with its source offsets (the first piece of an
// empty text is shared, not copied).
func (t *text) addText(u *text, i, j int) {
	for i < j {
		k := u.seg(i)
		e := len(u.s)
		if k+1 < len(u.segs) {
			e = u.segs[k+1].at
		}
		e = min(e, j)
		t.mark(u.segs[k].src + i - u.segs[k].at)
		t.s += u.s[i:e]
		i = e
	}
}

// join makes the text the concatenation of the source pieces. BuildKit
// has built that very string (Node.Original): it is shared when it
// matches (same length, same bytes at every seam; a full comparison costs
// more than the rest of the scan).
func (t *text) join(src []byte, pieces []Span, joined string) {
	if len(pieces) > len(t.seg0) {
		t.segs = make([]seg, 0, len(pieces))
	}
	at := 0
	for _, p := range pieces {
		n := p.End - p.Start
		if n <= 0 {
			continue
		}
		if at+n > len(joined) || joined[at] != src[p.Start] || joined[at+n-1] != src[p.End-1] {
			at = -1
			break
		}
		t.s = joined[:at] // so that mark sees the length so far
		t.mark(p.Start)
		at += n
	}
	if at == len(joined) {
		t.s = joined
		return
	}
	t.s, t.segs = "", t.segs[:0]
	for _, p := range pieces {
		t.add(src, p.Start, p.End)
	}
}

// sliceInto makes u the text's range [i, j), sharing the string.
func (t *text) sliceInto(u *text, i, j int) {
	*u = text{s: t.s[i:j], end: t.end, synth: t.synth}
	if j < len(t.s) {
		u.end = t.offset(j)
	}
	if i >= j {
		return
	}
	k := t.seg(i)
	u.segs = u.seg0[:0]
	u.segs = append(u.segs, seg{0, t.segs[k].src + i - t.segs[k].at})
	for k++; k < len(t.segs) && t.segs[k].at < j; k++ {
		u.segs = append(u.segs, seg{t.segs[k].at - i, t.segs[k].src})
	}
}

// seg returns the index of the piece holding s[i], 0 <= i < len(s).
func (t *text) seg(i int) int {
	// sort.Search by hand: this runs for every span of a shell node.
	lo, hi := 0, len(t.segs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.segs[m].at > i {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo - 1
}

// offset is the source offset of s[i]; t.end for i >= len(s).
func (t *text) offset(i int) int {
	if i >= len(t.s) {
		return t.end
	}
	if i < 0 {
		i = 0
	}
	if len(t.segs) == 1 {
		return t.segs[0].src + i
	}
	sg := t.segs[t.seg(i)]
	return sg.src + i - sg.at
}

// span maps the text range [i, j) back to a source span.
func (t *text) span(i, j int) Span {
	n := len(t.s)
	i = max(0, min(i, n))
	j = min(j, n)
	if j <= i {
		o := t.offset(i)
		return Span{o, o}
	}
	s := Span{t.offset(i), t.offset(j-1) + 1}
	if s.End < s.Start {
		s.End = s.Start
	}
	return s
}

// rawLine is one physical line: [start, end) excludes the line terminator;
// next is the offset of the following line.
type rawLine struct{ start, end, next int }

// lines gives the physical lines of src by index, from their starts.
type lines struct {
	src    []byte
	starts []int
}

func (ls lines) len() int { return len(ls.starts) }

func (ls lines) at(i int) rawLine {
	start, next := ls.starts[i], len(ls.src)
	if i+1 < len(ls.starts) {
		next = ls.starts[i+1]
	}
	end := next
	if end > start && ls.src[end-1] == '\n' {
		end--
	}
	return rawLine{start, trimCR(ls.src, start, end), next}
}

// trimCR drops carriage returns before the newline, as BuildKit does.
func trimCR(src []byte, start, end int) int {
	for end > start && src[end-1] == '\r' {
		end--
	}
	return end
}

// isSpace is the blank set of BuildKit's instruction splitter ([\t\v\f\r ]).
func isSpace(b byte) bool { return blanks[b] }

var blanks = [256]bool{' ': true, '\t': true, '\v': true, '\f': true, '\r': true}

// isByteSpace is unicode.IsSpace applied to a single byte, as BuildKit's
// builder-flag scanner does (so 0x85 and 0xA0 count as blanks there).
func isByteSpace(b byte) bool { return latin1Spaces[b] }

// latin1Spaces is unicode.IsSpace of the runes below 256
// (TestLatin1Spaces): a table read in line, where the scanners would call
// unicode.IsSpace for every byte.
var latin1Spaces = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true, 0x85: true, 0xA0: true}

// isRuneSpace is unicode.IsSpace, with the table for the runes below 256.
func isRuneSpace(r rune) bool {
	if uint32(r) < 256 {
		return latin1Spaces[r]
	}
	return unicode.IsSpace(r)
}

// skipSpaces skips Unicode white space from i, decoding runes as BuildKit's
// bytes.TrimLeftFunc(unicode.IsSpace) does.
func skipSpaces[T ~string | ~[]byte](src T, i, end int) int {
	for i < end {
		if c := src[i]; c < utf8.RuneSelf {
			if !latin1Spaces[c] {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(string(src[i:min(end, i+utf8.UTFMax)]))
		if !isRuneSpace(r) {
			return i
		}
		i += n
	}
	return i
}

// trimSpacesRight is the end of src[start:end] without trailing Unicode
// white space (strings.TrimSpace's right half).
func trimSpacesRight[T ~string | ~[]byte](src T, start, end int) int {
	for end > start {
		if c := src[end-1]; c < utf8.RuneSelf {
			if !latin1Spaces[c] {
				return end
			}
			end--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(string(src[max(start, end-utf8.UTFMax):end]))
		if !isRuneSpace(r) {
			return end
		}
		end -= n
	}
	return end
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
