package tomlpos

import (
	"bytes"
	"encoding/binary"
)

// direct builds the file from offset start. A line of one of the forms
// below is built straight from its text; the lines between them are parsed
// by go-toml, a segment at a time:
//
//   - an empty line;
//   - a table header, [a.b] or [[a.b]], of bare keys;
//   - a bare key, " = " and a value ending the line. A value is a string
//     of printable ASCII without escapes, a decimal integer (no sign, no
//     leading zero, at most 18 digits), true or false, an inline table
//     "{ k = v, k = v }" or "{}" of bare keys, an inline array "[v, v]" or
//     "[]", or, as the value of a key, an array whose "[" ends the line,
//     then one value a line (after spaces), each followed by a comma but
//     perhaps the last, then "]" on a line of its own.
//
// Lines end with "\n" or "\r\n". This is how uv writes a uv.lock, every
// line of it, and how most pyproject.toml files are written. Each form is
// valid TOML with one meaning, the one go-toml gives it
// (TestDirectMatchesGoToml); the table rules (no key or table defined
// twice) are the ones go-toml's expressions go through.
func (b *builder) direct(start int) (*Value, error) {
	src := b.src
	root := b.table(0, len(src), flagExplicit)
	cur := root
	var chain []*Value
	lines := make([]int, 1, len(src)/48+1)
	pending := start // where the text go-toml is still to parse starts
	flush := func(i int) error {
		b.doc.lineStarts = lines // for the errors of what is built next
		if pending == i {
			return nil
		}
		var err error
		cur, chain, err = b.segment(root, cur, chain, pending, i)
		return err
	}
	for i := start; i < len(src); {
		n := len(lines)
		next, ok := 0, false
		switch c := src[i]; {
		case c == '\n' || c == '\r':
			if next, ok = lineEnd(src, i); ok && pending == i {
				pending = next
			}
		case c == '[':
			var key [4]keyPart
			parts, name, isArray, end, found := b.headerLine(i, key[:0])
			if next, ok = lineEnd(src, end); found && ok {
				if err := flush(i); err != nil {
					return nil, err
				}
				var err error
				if cur, chain, err = b.open(root, parts, name, isArray, i, end, chain[:0]); err != nil {
					return nil, err
				}
				pending = next
			}
			ok = ok && found
		case isBare(c):
			k := bareKey(src, i)
			if len(src)-k < 4 || string(src[k:k+3]) != " = " {
				break
			}
			var v *Value
			var end int
			if v, end, ok = b.value1(k+3, &lines); ok {
				next, ok = lineEnd(src, end)
			}
			if !ok {
				break
			}
			if err := flush(i); err != nil {
				return nil, err
			}
			key := b.text[i:k]
			if cur.Get(key) != nil {
				return nil, b.doc.Errorf(i, "duplicate key %q", key)
			}
			cur.add(Field{Key: key, KeyOffset: i, Value: v})
			for _, t := range chain {
				t.End = max(t.End, v.End)
			}
			pending = next
		default:
		}
		if !ok {
			// Left to go-toml: on to the next line.
			lines = lines[:n]
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				break
			}
			next = i + j + 1
		}
		if i = next; src[i-1] == '\n' {
			lines = append(lines, i)
		}
	}
	b.doc.lineStarts = lines
	if err := flush(len(src)); err != nil {
		return nil, err
	}
	return root, nil
}

// headerLine reads the table header at src[i] == '[': its keys (appended
// to parts), its name as written, whether it opens an array element, and
// the offset after its closing brackets.
func (b *builder) headerLine(i int, parts []keyPart) ([]keyPart, string, bool, int, bool) {
	src := b.src
	j := i + 1
	isArray := j < len(src) && src[j] == '['
	if isArray {
		j++
	}
	first := j
	for {
		k := bareKey(src, j)
		if k == j || k == len(src) {
			return nil, "", false, 0, false
		}
		parts = append(parts, keyPart{name: b.text[j:k], offset: j})
		if j = k; src[j] != '.' {
			break
		}
		j++
	}
	name := b.text[first:j]
	if src[j] != ']' {
		return nil, "", false, 0, false
	}
	j++
	if isArray {
		if j == len(src) || src[j] != ']' {
			return nil, "", false, 0, false
		}
		j++
	}
	return parts, name, isArray, j, true
}

// value1 builds the value at src[i] of a key at the start of a line; it
// may be an array of one value a line, whose line starts are added to
// lines. It returns the offset after the value.
func (b *builder) value1(i int, lines *[]int) (*Value, int, bool) {
	src := b.src
	if src[i] != '[' {
		return b.valueIn(i)
	}
	j, ok := lineEnd(src, i+1)
	if !ok {
		return b.valueIn(i)
	}
	v := b.newValue()
	v.Kind, v.Offset = Array, i
	base := len(b.stack)
	defer func() { b.stack = b.stack[:base] }()
	comma := true // an element may follow the bracket or a comma
	for j < len(src) {
		*lines = append(*lines, j)
		j = skipSpace(src, j)
		if j == len(src) {
			break
		}
		if src[j] == ']' {
			v.Items = append(b.newItems(len(b.stack)-base), b.stack[base:]...)
			v.End = j + 1
			return v, j + 1, true
		}
		if !comma {
			break
		}
		var item *Value
		if item, j, ok = b.valueIn(j); !ok {
			break
		}
		b.stack = append(b.stack, item)
		if comma = j < len(src) && src[j] == ','; comma {
			j++
		}
		if j, ok = lineEnd(src, j); !ok {
			break
		}
	}
	return nil, 0, false
}

// valueIn builds the value at src[i] that ends on its line: a string, an
// integer, a boolean, an inline table or an inline array. It returns the
// offset after it.
func (b *builder) valueIn(i int) (*Value, int, bool) {
	src := b.src
	if i >= len(src) {
		return nil, 0, false
	}
	switch c := src[i]; {
	case c == '"':
		j := stringEnd(src, i+1)
		if j < 0 {
			return nil, 0, false
		}
		v := b.newValue()
		v.Kind, v.Str, v.Offset, v.End = String, b.text[i+1:j], i, j+1
		return v, j + 1, true
	case '0' <= c && c <= '9':
		end, ok := decimal(src, i)
		if !ok {
			return nil, 0, false
		}
		v := b.newValue()
		v.Kind, v.Str, v.Offset, v.End = Integer, b.text[i:end], i, end
		for _, d := range src[i:end] {
			v.Int = v.Int*10 + int64(d-'0')
		}
		return v, end, true
	case c == 't' || c == 'f':
		word := "false"
		if c == 't' {
			word = "true"
		}
		end := i + len(word)
		if end > len(src) || b.text[i:end] != word || end < len(src) && isBare(src[end]) {
			return nil, 0, false
		}
		v := b.newValue()
		v.Kind, v.Str, v.Bool, v.Offset, v.End = Bool, word, c == 't', i, end
		return v, end, true
	case c == '{':
		return b.inlineTable(i)
	case c == '[':
		return b.inlineArray(i)
	}
	return nil, 0, false
}

// inlineTable builds the inline table at src[i] == '{', written
// "{ k = v, k = v }" or "{}".
func (b *builder) inlineTable(i int) (*Value, int, bool) {
	src := b.src
	v := b.newValue()
	v.Kind, v.Offset, v.flags = Table, i, flagInline
	j := i + 1
	if j < len(src) && src[j] == '}' {
		v.End = j + 1
		return v, j + 1, true
	}
	// The fields gather on a stack, then move to a batch of their own
	// number: an artifact's four, not a header table's room for eight.
	base := len(b.fields)
	fail := func() (*Value, int, bool) {
		b.fields = b.fields[:base]
		return nil, 0, false
	}
	for {
		if j+1 >= len(src) || src[j] != ' ' {
			return fail()
		}
		j++
		k := bareKey(src, j)
		if k == j || len(src)-k < 4 || string(src[k:k+3]) != " = " {
			return fail()
		}
		key := b.text[j:k]
		for _, f := range b.fields[base:] {
			if f.Key == key {
				return fail() // go-toml says why
			}
		}
		item, end, ok := b.valueIn(k + 3)
		if !ok || len(src)-end < 2 {
			return fail()
		}
		b.fields = append(b.fields, Field{Key: key, KeyOffset: j, Value: item})
		switch string(src[end : end+2]) {
		case ", ":
			j = end + 1
		case " }":
			v.Fields = append(b.newFields(len(b.fields)-base), b.fields[base:]...)
			b.fields = b.fields[:base]
			if len(v.Fields) > indexAfter {
				v.index = make(map[string]int32, 2*len(v.Fields))
				for n, f := range v.Fields {
					v.index[f.Key] = int32(n)
				}
			}
			v.End = end + 2
			return v, end + 2, true
		default:
			return fail()
		}
	}
}

// inlineArray builds the array at src[i] == '[' written on one line,
// "[v, v]" or "[]".
func (b *builder) inlineArray(i int) (*Value, int, bool) {
	src := b.src
	v := b.newValue()
	v.Kind, v.Offset = Array, i
	j := i + 1
	if j < len(src) && src[j] == ']' {
		v.End = j + 1
		return v, j + 1, true
	}
	base := len(b.stack)
	defer func() { b.stack = b.stack[:base] }()
	for {
		item, end, ok := b.valueIn(j)
		if !ok || end == len(src) {
			return nil, 0, false
		}
		b.stack = append(b.stack, item)
		switch {
		case src[end] == ']':
			v.Items = append(b.newItems(len(b.stack)-base), b.stack[base:]...)
			v.End = end + 1
			return v, end + 1, true
		case len(src)-end > 2 && src[end] == ',' && src[end+1] == ' ':
			j = end + 2
		default:
			return nil, 0, false
		}
	}
}

// isBare reports whether c may be part of a bare key.
func isBare(c byte) bool {
	l := c | 0x20
	return 'a' <= l && l <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// bareKey returns the offset after the bare key starting at src[i], or i.
func bareKey(src []byte, i int) int {
	for i < len(src) && isBare(src[i]) {
		i++
	}
	return i
}

// lineEnd returns the offset after the end of the line at i, where only
// the newline (or the end of the file) may be.
func lineEnd(src []byte, i int) (int, bool) {
	switch {
	case i == len(src):
		return i, true
	case src[i] == '\n':
		return i + 1, true
	case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
		return i + 2, true
	}
	return 0, false
}

// decimal checks the integer at src[i]: digits without a leading zero,
// few enough to fit an int64.
func decimal(src []byte, i int) (int, bool) {
	j := i
	for j < len(src) && '0' <= src[j] && src[j] <= '9' {
		j++
	}
	n := j - i
	return j, n > 0 && n <= 18 && (src[i] != '0' || n == 1)
}

// stringEnd returns the offset of the double quote that ends the basic
// string whose text starts at src[i], if that text is printable ASCII
// without escapes, or -1.
func stringEnd(src []byte, i int) int {
	n := bytes.IndexByte(src[i:], '"')
	if n < 0 || !plain(src[i:i+n]) {
		return -1
	}
	return i + n
}

// plain reports whether b is printable ASCII without a backslash; it looks
// at eight bytes at a time, the last eight overlapping the ones before.
func plain(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	if len(b) < 8 {
		for _, c := range b {
			if c < ' ' || c > '~' || c == '\\' {
				return false
			}
		}
		return true
	}
	// The terms flag a byte below ' ', one of 0x7f or more, and a
	// backslash; a borrow or carry runs only from a flagged byte, so no
	// flag is set in a word without one.
	var flags uint64
	word := func(w uint64) {
		bs := w ^ '\\'*ones
		flags |= (w - 0x20*ones) | w | (w + ones) | (bs-ones)&^bs
	}
	last := len(b) - 8
	for i := 0; i < last; i += 8 {
		word(binary.LittleEndian.Uint64(b[i:]))
	}
	word(binary.LittleEndian.Uint64(b[last:]))
	return flags&highs == 0
}
