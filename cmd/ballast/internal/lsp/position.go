package lsp

import (
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// position converts a byte offset of src into an LSP position, whose
// character counts UTF-16 code units (the protocol's default encoding)
// while ballast's columns count bytes. An offset past the end clamps to it;
// an invalid UTF-8 byte counts as one unit, as editors show it as U+FFFD.
func position(src []byte, offset int) protocol.Position {
	offset = min(max(offset, 0), len(src))
	var line, char uint32
	for i := 0; i < offset; {
		if src[i] == '\n' {
			line, char = line+1, 0
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if i+size > offset {
			break // the offset falls inside a rune: stay at its start
		}
		char += uint32(utf16.RuneLen(r))
		i += size
	}
	return protocol.Position{Line: line, Character: char}
}

// offset converts an LSP position back into a byte offset of src; a
// character past the end of its line clamps to the line's end.
func offset(src []byte, pos protocol.Position) int {
	i := 0
	for range pos.Line {
		for i < len(src) && src[i] != '\n' {
			i++
		}
		if i == len(src) {
			return i
		}
		i++
	}
	for char := uint32(0); char < pos.Character && i < len(src) && src[i] != '\n'; {
		r, size := utf8.DecodeRune(src[i:])
		char += uint32(utf16.RuneLen(r))
		i += size
	}
	return i
}

// span is the LSP range of the bytes [start, end) of src.
func span(src []byte, start, end int) protocol.Range {
	return protocol.Range{Start: position(src, start), End: position(src, end)}
}
