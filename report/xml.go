package report

import (
	"bytes"
	"unicode/utf8"
)

// attr appends ` name="value"` with value escaped for an XML attribute;
// characters XML cannot hold become U+FFFD.
func attr(buf *bytes.Buffer, name, value string) {
	buf.WriteString(" " + name + `="`)
	escapeXML(buf, value)
	buf.WriteByte('"')
}

// text appends s escaped as XML character data.
func text(buf *bytes.Buffer, s string) {
	escapeXML(buf, s)
}

// escapeXML writes s escaped as encoding/xml's EscapeText escapes it
// (TestEscapeXMLMatchesEncodingXML): the reports need nothing else of that
// package, whose start-up every run would pay.
func escapeXML(buf *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !inXMLCharRange(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
				break
			}
			continue
		}
		buf.WriteString(s[last : i-width])
		buf.WriteString(esc)
		last = i
	}
	buf.WriteString(s[last:])
}

// inXMLCharRange reports whether XML 1.0 allows r (its Char production).
func inXMLCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
