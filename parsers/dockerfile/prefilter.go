package dockerfile

import (
	"bytes"
	"strings"
)

// MayMention reports whether a shell word of in, as the shell reads it, may
// hold word: the program name of a Call or Command ("apt-get" of
// /usr/bin/apt-get, "pip" of pip3.12 or -mpip), a subcommand, an option or
// an operand, in the instruction's own script, an `sh -c '…'` string or a
// heredoc fed to a shell. Rules call it before Calls, Commands or Shell to
// spare most RUNs the shell parse. word is a name: it holds none of the
// bytes below.
//
// It is sound: it reports false only when no such word can hold word. A
// word's value is written in the instruction's text (heredocs included)
// with, at most, bytes that quoting and line continuation drop standing
// between its letters — quotes, the $ of $'…', backslashes, the escape
// character, a continuation's line break with the blanks before it and the
// comment and empty lines BuildKit drops after it — so word is searched
// for in the text with all of those removed (see folded). A program named
// only through a variable ($PIP) has no literal name: Call.Name is "" and
// no Command is recognised for it, so there is nothing to miss. Matching
// ignores word boundaries, since pip3.12 and -mpip run pip.
func (f *File) MayMention(in *Instruction, word string) bool {
	return f.folded(in).contains(word, false)
}

// MayMentionWord is MayMention for a rule that compares whole words: a
// Call's Name ("apt-get", the base name of /usr/bin/apt-get), a subcommand
// or an operand equal to word. It also skips a RUN where every occurrence
// of word continues a longer literal word ("uvicorn", "cargo" for "go"):
// a name byte written right before or after the occurrence belongs to the
// same word, and a word that holds more than word is not equal to it.
// Occurrences next to a dropped byte (a quote, an escape, the $ of an
// expansion such as $1 or $-) always count.
func (f *File) MayMentionWord(in *Instruction, word string) bool {
	return f.folded(in).contains(word, true)
}

// quoting holds the bytes that quoting and line continuation can put
// between the letters of a word and that its value drops; the Dockerfile's
// escape character counts too.
const quoting = "'\"$\\\r\n"

// folded is an instruction's text with every byte that the reading of a
// word may drop between two of its letters removed, so that one plain
// search finds a word however it is quoted or continued.
type folded struct {
	s []byte
	// cut has bit k set when bytes were dropped right before s[k]; nil
	// when nothing was.
	cut []byte
}

// folded returns in's folded text, made on first use. Most instructions
// have nothing to drop and are read as they are written.
func (f *File) folded(in *Instruction) folded {
	src := f.Src[in.Span.Start:in.Span.End]
	p := in.fold.Load()
	if p == nil {
		p = &noFold
		if bytes.ContainsAny(src, quoting) || (f.Escape != 0 && bytes.IndexByte(src, f.Escape) >= 0) {
			fold := foldText(src, f.Escape)
			p = &fold
		}
		in.fold.Store(p)
	}
	if p == &noFold {
		return folded{s: src}
	}
	m := len(*p) // the cut bits follow, up to its capacity
	return folded{s: (*p)[:m:m], cut: (*p)[m:cap(*p)]}
}

// noFold marks an instruction whose text has nothing to drop; it is never
// written.
var noFold []byte

// foldText folds src into one buffer: the folded text, then its cut bits
// up to the buffer's capacity. The text between droppable bytes is copied
// a run at a time; blanks count as dropped only before a line break, so
// they are taken back when one follows.
func foldText(src []byte, escape byte) []byte {
	n := len(src)
	buf := make([]byte, n+(n+7)/8)
	s, bits := buf[:0:n], buf[n:]
	set := quoting
	if escape != 0 && strings.IndexByte(quoting, escape) < 0 {
		set += string(rune(escape))
	}
	pending := false
	for j := 0; j < n; {
		i := bytes.IndexAny(src[j:], set)
		if i < 0 {
			i = n - j
		}
		if i > 0 {
			if pending { // bytes were dropped before this run
				bits[len(s)>>3] |= 1 << (len(s) & 7)
			}
			s = append(s, src[j:j+i]...)
			j += i
		}
		if j == n {
			break
		}
		if c := src[j]; c == '\n' || c == '\r' {
			for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
				s = s[:len(s)-1]
				bits[len(s)>>3] &^= 1 << (len(s) & 7)
			}
		}
		j += droppedAt(src, j, escape)
		pending = true
	}
	m, nb := len(s), (len(s)+7)/8
	copy(buf[m:], bits[:nb])
	return buf[: m : m+nb]
}

// contains reports whether word occurs in the folded text; whole asks
// for an occurrence that may be a whole word (see MayMentionWord).
func (fo folded) contains(word string, whole bool) bool {
	if word == "" {
		return false
	}
	w := []byte(word)
	for i := bytes.Index(fo.s, w); i >= 0; {
		if !whole || fo.bounded(i, i+len(w)) {
			return true
		}
		n := bytes.Index(fo.s[i+1:], w)
		if n < 0 {
			return false
		}
		i += 1 + n
	}
	return false
}

// bounded reports whether s[i:j] may be a whole word, or the base name of
// a path: no name byte stands right before or after it, unless bytes were
// dropped there or right before that byte (the $ of $1 or $-: a one-byte
// special parameter ends before the word).
func (fo folded) bounded(i, j int) bool {
	cut := func(k int) bool { return k >= 0 && k>>3 < len(fo.cut) && fo.cut[k>>3]&(1<<(k&7)) != 0 }
	before := i == 0 || !isNameByte(fo.s[i-1]) || cut(i) || cut(i-1)
	after := j == len(fo.s) || !isNameByte(fo.s[j]) || cut(j)
	return before && after
}

// isNameByte reports whether b continues a literal word such as "uvicorn"
// or "pip3.12": a letter, a digit, '_', '-' or '.'. A '$' is not one,
// so a word after an expansion ($X-y, ${X}apt) is never ruled out.
func isNameByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'
}

// droppedAt is the number of bytes at src[j:] that the reading of a word
// may drop between two of its letters, or 0.
func droppedAt(src []byte, j int, escape byte) int {
	c := src[j]
	switch {
	case c == '\n':
		// A continuation's next line; BuildKit also drops the comment and
		// empty lines that follow it.
		end := j + 1
		for end < len(src) {
			m := end
			for m < len(src) && (src[m] == ' ' || src[m] == '\t') {
				m++
			}
			switch {
			case m < len(src) && src[m] == '#':
				for m < len(src) && src[m] != '\n' {
					m++
				}
			case m < len(src) && (src[m] == '\n' || src[m] == '\r'):
			default:
				return end - j
			}
			if m < len(src) && src[m] == '\r' {
				m++
			}
			if m >= len(src) || src[m] != '\n' {
				return end - j
			}
			end = m + 1
		}
		return end - j
	case c == ' ' || c == '\t':
		// Blanks between a continuation's escape and its line break.
		m := j
		for m < len(src) && (src[m] == ' ' || src[m] == '\t') {
			m++
		}
		if m < len(src) && (src[m] == '\r' || src[m] == '\n') {
			return m - j
		}
		return 0
	case c == escape || strings.IndexByte(quoting, c) >= 0:
		return 1
	}
	return 0
}

// MayRunUV reports whether in may run uv: a call named uv, or Python's
// -m uv. Only a clustered -m (python -muv, -Bmuv) writes uv's name right
// after a letter, so uv is looked for as a whole word (MayMentionWord)
// and "muv" as part of one; "uvicorn" and "uv.lock" then cost no shell
// parse.
func (f *File) MayRunUV(in *Instruction) bool {
	return f.MayMentionWord(in, "uv") || f.MayMention(in, "muv")
}
