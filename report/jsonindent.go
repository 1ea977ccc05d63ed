package report

import (
	"strconv"
	"unicode/utf8"
)

// indentedJSON appends JSON exactly as encoding/json's Encoder writes it
// with SetIndent(prefix, "  ") (and SetEscapeHTML(escapeHTML)), for the
// few shapes of the JSON report. The report is written once per run, so
// the reflection encoding/json spends on each type the first time it meets
// it would be most of the report's cost in an editor's on-save lint; a
// test holds the two encoders to the same bytes.
type indentedJSON struct {
	b          []byte
	prefix     string
	escapeHTML bool
	open       []int // members written so far in each open object or array
}

func (w *indentedJSON) newline() {
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range len(w.open) {
		w.b = append(w.b, "  "...)
	}
}

func (w *indentedJSON) begin(c byte) {
	w.b = append(w.b, c)
	w.open = append(w.open, 0)
}

// end closes the innermost object or array: an empty one stays on its
// line ({} or []).
func (w *indentedJSON) end(c byte) {
	n := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	if n > 0 {
		w.newline()
	}
	w.b = append(w.b, c)
}

// elem starts the next member of the innermost object or array.
func (w *indentedJSON) elem() {
	if w.open[len(w.open)-1] > 0 {
		w.b = append(w.b, ',')
	}
	w.open[len(w.open)-1]++
	w.newline()
}

func (w *indentedJSON) key(k string) {
	w.elem()
	w.str(k)
	w.b = append(w.b, ": "...)
}

func (w *indentedJSON) str(s string) { w.b = appendJSONString(w.b, s, w.escapeHTML) }

func (w *indentedJSON) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

func (w *indentedJSON) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

// list writes a slice as encoding/json does: null when nil, else its
// elements, each written by elem.
func list[T any](w *indentedJSON, items []T, elem func(*T)) {
	if items == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.begin('[')
	for i := range items {
		w.elem()
		elem(&items[i])
	}
	w.end(']')
}

// strs writes a []string: null when nil, as encoding/json does.
func (w *indentedJSON) strs(items []string) { list(w, items, func(s *string) { w.str(*s) }) }

func (w *indentedJSON) diagnostic(d *jsonDiagnostic) {
	w.begin('{')
	w.key("code")
	w.str(d.Code)
	w.key("name")
	w.str(d.Name)
	w.key("severity")
	w.str(d.Severity)
	w.key("message")
	w.str(d.Message)
	if len(d.Aliases) > 0 { // omitempty
		w.key("aliases")
		w.strs(d.Aliases)
	}
	w.key("file")
	w.str(d.File)
	w.key("line")
	w.int(d.Line)
	w.key("column")
	w.int(d.Column)
	w.key("end_line")
	w.int(d.EndLine)
	w.key("end_column")
	w.int(d.EndColumn)
	w.key("url")
	w.str(d.URL)
	w.key("fixable")
	w.bool(d.Fixable)
	w.key("fixes")
	list(w, d.Fixes, w.fix)
	w.end('}')
}

func (w *indentedJSON) fix(f *jsonFix) {
	w.begin('{')
	w.key("description")
	w.str(f.Description)
	w.key("safe")
	w.bool(f.Safe)
	w.key("edits")
	list(w, f.Edits, func(e *jsonEdit) {
		w.begin('{')
		w.key("file")
		w.str(e.File)
		w.key("start")
		w.int(e.Start)
		w.key("end")
		w.int(e.End)
		w.key("new_text")
		w.str(e.NewText)
		w.end('}')
	})
	w.end('}')
}

func (w *indentedJSON) tool(t jsonTool) {
	w.begin('{')
	w.key("name")
	w.str(t.Name)
	w.key("version")
	w.str(t.Version)
	w.end('}')
}

func (w *indentedJSON) counts(c counts) {
	w.begin('{')
	w.key("error")
	w.int(c.Error)
	w.key("warning")
	w.int(c.Warning)
	w.key("info")
	w.int(c.Info)
	w.key("style")
	w.int(c.Style)
	w.end('}')
}

// appendJSONString appends s quoted as encoding/json quotes a string:
// control characters, quotes and backslashes escaped, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 escaped, and <, > and & too when escapeHTML.
func appendJSONString(dst []byte, s string, escapeHTML bool) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && (!escapeHTML || b != '<' && b != '>' && b != '&') {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
