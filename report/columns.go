package report

import (
	"go/token"
	"unicode/utf8"
)

// lineOf returns the line of src that holds pos, without its line ending;
// nil when src does not reach that far (a finding in a file the unit did
// not carry).
func lineOf(src []byte, pos token.Position) []byte {
	start := pos.Offset - (pos.Column - 1)
	if pos.Line < 1 || pos.Column < 1 || start < 0 || start > len(src) {
		return nil
	}
	line := src[start:]
	for i, c := range line {
		if c == '\n' {
			line = line[:i]
			break
		}
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}

// utf16Column converts pos's byte column to the 1-based column in UTF-16
// code units that JavaScript and LSP clients count; the byte column when
// the line is not at hand. An invalid byte counts as one unit (U+FFFD).
func utf16Column(src []byte, pos token.Position) int {
	if pos.Column < 1 {
		return pos.Column
	}
	start := pos.Offset - (pos.Column - 1)
	if start < 0 || pos.Offset > len(src) {
		return pos.Column
	}
	prefix := src[start:pos.Offset]
	units := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		prefix = prefix[size:]
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return units + 1
}

// positionAt returns the 1-based line and byte column of offset in src.
func positionAt(src []byte, offset int) (line, column int) {
	offset = min(max(offset, 0), len(src))
	line, lineStart := 1, 0
	for i, c := range src[:offset] {
		if c == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return line, offset - lineStart + 1
}
