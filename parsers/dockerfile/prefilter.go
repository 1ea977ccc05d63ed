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
// spare most RUNs the shell parse.
//
// It is sound: it reports false only when no such word can hold word. A
// word's value is written in the instruction's text (heredocs included)
// with, at most, bytes that quoting and line continuation drop standing
// between its letters — quotes, the $ of $'…', backslashes, the escape
// character, a continuation's line break with the blanks before it and the
// comment and empty lines BuildKit drops after it — so word is searched
// for with any of those allowed between its bytes. A program named only
// through a variable ($PIP) has no literal name: Call.Name is "" and no
// Command is recognised for it, so there is nothing to miss. Matching
// ignores word boundaries, since pip3.12 and -mpip run pip.
func (f *File) MayMention(in *Instruction, word string) bool {
	return mayContain(f.Src[in.Span.Start:in.Span.End], word, f.Escape, false)
}

// MayMentionWord is MayMention for a rule that compares whole words: a
// Call's Name ("apt-get", the base name of /usr/bin/apt-get), a subcommand
// or an operand equal to word. It also skips a RUN where every occurrence
// of word continues a longer literal word ("uvicorn", "cargo" for "go"):
// a name byte written right before or after the occurrence belongs to the
// same word, and a word that holds more than word is not equal to it.
// Occurrences next to a quote, an escape or an expansion always count.
func (f *File) MayMentionWord(in *Instruction, word string) bool {
	return mayContain(f.Src[in.Span.Start:in.Span.End], word, f.Escape, true)
}

// quoting holds the bytes that quoting and line continuation can put
// between the letters of a word and that its value drops; the Dockerfile's
// escape character counts too.
const quoting = "'\"$\\\r\n"

// mayContain is MayMention's search of src for word; whole asks for
// MayMentionWord's.
func mayContain(src []byte, word string, escape byte, whole bool) bool {
	if word == "" {
		return false
	}
	w := []byte(word)
	if !whole && bytes.Contains(src, w) {
		return true
	}
	if whole && containsWord(src, w) {
		return true
	}
	if !bytes.ContainsAny(src, quoting) && (escape == 0 || bytes.IndexByte(src, escape) < 0) {
		return false
	}
	for i := bytes.IndexByte(src, w[0]); i >= 0; {
		j, k := i, 0
		for j < len(src) && k < len(w) {
			if src[j] == w[k] {
				j, k = j+1, k+1
			} else if skip := droppedAt(src, j, escape); skip > 0 {
				j += skip
			} else {
				break
			}
		}
		if k == len(w) && (!whole || bounded(src, i, j)) {
			return true
		}
		n := bytes.IndexByte(src[i+1:], w[0])
		if n < 0 {
			return false
		}
		i += 1 + n
	}
	return false
}

// containsWord reports whether w stands in src with no name byte written
// right before or after it.
func containsWord(src, w []byte) bool {
	for i := bytes.Index(src, w); i >= 0; {
		if bounded(src, i, i+len(w)) {
			return true
		}
		n := bytes.Index(src[i+1:], w)
		if n < 0 {
			return false
		}
		i += 1 + n
	}
	return false
}

// bounded reports whether src[i:j] may be a whole word, or the base name
// of a path: the bytes right before and after it are not name bytes.
// A one-byte special parameter ($1, $-) ends before the word, so a name
// byte right after a '$' does not count.
func bounded(src []byte, i, j int) bool {
	before := i == 0 || !isNameByte(src[i-1]) || (i >= 2 && src[i-2] == '$')
	return before && (j == len(src) || !isNameByte(src[j]))
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
