package report

import (
	"bytes"
	"encoding/xml"
)

// attr appends ` name="value"` with value escaped for an XML attribute;
// characters XML cannot hold become U+FFFD.
func attr(buf *bytes.Buffer, name, value string) {
	buf.WriteString(" " + name + `="`)
	_ = xml.EscapeText(buf, []byte(value)) // a bytes.Buffer does not fail
	buf.WriteByte('"')
}

// text appends s escaped as XML character data.
func text(buf *bytes.Buffer, s string) {
	_ = xml.EscapeText(buf, []byte(s))
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
