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
	// pairs[a] has bit b set when bytes of pairClass a and b stand side
	// by side in s: every pair of a word that s holds is set, so most
	// words a RUN does not hold are ruled out without searching s (a rule
	// asks every RUN for dozens of names).
	pairs [64]uint64
}

// folded returns in's folded text, made on first use.
func (f *File) folded(in *Instruction) *folded {
	if p := in.fold.Load(); p != nil {
		return p
	}
	fo := foldText(f.Src[in.Span.Start:in.Span.End], f.Escape)
	in.fold.Store(fo)
	return fo
}

// pairClass sorts a byte into one of 64 classes, one of its own for
// every byte that may be part of a name (a letter, a digit, '-', '.',
// '_'); upper case shares the class of lower case, which only makes pairs
// look present. Folding the case leaves bit 5 set, so the low five bits
// and bit 6 tell the classes apart.
func pairClass(b byte) uint {
	c := b | 0x20
	return uint(c&0x1f) | uint(^c&0x40)>>1
}

// foldText folds src in one pass that also sets the pairs. Most
// instructions have nothing to drop and are read as they are written;
// the others are copied a run of kept bytes at a time. Blanks count as
// dropped only before a line break, so they are taken back when one
// follows (the pairs they set stay: a pair set in excess is harmless).
func foldText(src []byte, escape byte) *folded {
	fo := &folded{}
	var drop [256]bool
	for i := range len(quoting) {
		drop[quoting[i]] = true
	}
	drop[escape] = drop[escape] || escape != 0
	n := len(src)
	var buf, s []byte // nil until the first dropped byte
	prev := pairClass(' ')
	for j := 0; ; {
		i := j
		for ; i < n && !drop[src[i]]; i++ {
			c := pairClass(src[i])
			fo.pairs[prev] |= 1 << c
			prev = c
		}
		if buf == nil {
			if i == n {
				fo.s = src
				return fo
			}
			buf = make([]byte, n+(n+7)/8)
			s = buf[:0:n]
		}
		if i > j {
			if j > 0 { // bytes were dropped before this run
				buf[n+len(s)>>3] |= 1 << (len(s) & 7)
			}
			s = append(s, src[j:i]...)
		}
		if i == n {
			break
		}
		if c := src[i]; c == '\n' || c == '\r' {
			for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
				s = s[:len(s)-1]
				buf[n+len(s)>>3] &^= 1 << (len(s) & 7)
			}
			prev = pairClass(' ')
			if len(s) > 0 {
				prev = pairClass(s[len(s)-1])
			}
		}
		j = i + droppedAt(src, i, escape)
	}
	fo.s, fo.cut = s, buf[n:n+(len(s)+7)/8]
	return fo
}

// contains reports whether word occurs in the folded text; whole asks
// for an occurrence that may be a whole word (see MayMentionWord).
func (fo *folded) contains(word string, whole bool) bool {
	if word == "" {
		return false
	}
	for k := 1; k < len(word); k++ {
		if fo.pairs[pairClass(word[k-1])]&(1<<pairClass(word[k])) == 0 {
			return false
		}
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
func (fo *folded) bounded(i, j int) bool {
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
// parse. An instruction with no shell script (exec form, or an ENV or
// LABEL a rule walks past) has no Call nor Command: it is ruled out before
// its text is folded.
func (f *File) MayRunUV(in *Instruction) bool {
	if !shellForm(in) {
		return false
	}
	return f.MayMentionWord(in, "uv") || f.MayMention(in, "muv")
}
