package tomlpos

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// Defer names the values ParseDeferring may leave undecoded, so that a
// large file whose bulk few readers need (the wheels of a uv.lock) is not
// decoded in full. A value is deferred only when it belongs to an element
// of an array of tables of Tables (its header written exactly as there,
// "[[package]]") and is written as uv writes it: a key of Keys at the
// start of a line, " = ", and, as the key's Kind says, an inline table
// (Table) ending the line, or an array of them (Array): "[" ending the
// line, one inline table per line, and "]" on a line of its own. Each inline table must be
// "{ k = v, k = v }" with keys of Fields, none twice, and values of their
// kind: a string of printable ASCII without escapes, or a decimal integer.
// Anything else is decoded as usual. Such a value is valid TOML and, once
// decoded, is the value Parse gives; a reader that checks the kinds of
// Fields cannot fail on it either.
type Defer struct {
	Tables []string
	Keys   []DeferField
	Fields []DeferField // at most 64
}

// DeferField is a key and the kind of its value: Table or Array for Keys,
// String or Integer for Fields.
type DeferField struct {
	Key  string
	Kind Kind
}

// ParseDeferring parses src as Parse does, but leaves the values df
// describes undecoded (Value.Deferred). The rest of the file is parsed by
// go-toml segment by segment between them; should a segment fail to parse
// (a deferred-looking line inside a multi-line string, say), the whole file
// is parsed again without deferring, so that the result and the errors are
// always Parse's.
func ParseDeferring(file string, src []byte, df *Defer) (*Doc, error) {
	doc, err := parse(file, src, df)
	if err != nil {
		return Parse(file, src)
	}
	return doc, nil
}

// deferredSpan is a key/value left undecoded: the key name at offset key,
// the value [value, end), the next line at next.
type deferredSpan struct {
	name                  string
	kind                  Kind
	key, value, end, next int
}

// scan returns the offsets at which the lines of src start and the
// key/values it may defer.
func (df *Defer) scan(src []byte) ([]int, []deferredSpan) {
	var first [256]bool // the first bytes of Keys: other lines are passed by
	for _, k := range df.Keys {
		if k.Key != "" {
			first[k.Key[0]] = true
		}
	}
	lines := make([]int, 1, len(src)/40+1)
	var spans []deferredSpan
	for i := 0; i < len(src); {
		if first[src[i]] {
			n := len(lines)
			if s, ok := df.match(src, i, &lines); ok {
				spans = append(spans, s)
				if i = s.next; src[i-1] == '\n' {
					lines = append(lines, i)
				}
				continue
			}
			lines = lines[:n]
		}
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, i)
	}
	return lines, spans
}

// match reports whether a deferrable key/value starts at offset i, the
// start of a line, and adds the starts of the lines inside it to lines.
func (df *Defer) match(src []byte, i int, lines *[]int) (deferredSpan, bool) {
	for _, k := range df.Keys {
		key := k.Key
		if len(src)-i < len(key)+4 || src[i] != key[0] || string(src[i:i+len(key)]) != key || string(src[i+len(key):i+len(key)+3]) != " = " {
			continue
		}
		s := deferredSpan{name: key, key: i, value: i + len(key) + 3}
		var ok bool
		switch s.kind = k.Kind; {
		case k.Kind == Table && src[s.value] == '{':
			s.end, ok = df.inlineTable(src, s.value)
		case k.Kind == Array && src[s.value] == '[':
			s.end, ok = df.array(src, s.value+1, lines)
		}
		if !ok {
			return s, false
		}
		s.next, ok = lineEnd(src, s.end)
		return s, ok
	}
	return deferredSpan{}, false
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

// array checks the elements of an array whose "[" ends the line before
// offset i, and returns the offset after its closing bracket; it adds the
// starts of the lines it reads to lines.
func (df *Defer) array(src []byte, i int, lines *[]int) (int, bool) {
	i, ok := lineEnd(src, i)
	if !ok || i == len(src) {
		return 0, false
	}
	comma := true // an element follows the bracket or a comma
	for {
		*lines = append(*lines, i)
		i = skipSpace(src, i)
		if i == len(src) {
			return 0, false
		}
		if src[i] == ']' {
			return i + 1, true
		}
		if src[i] != '{' || !comma {
			return 0, false
		}
		if i, ok = df.inlineTable(src, i); !ok {
			return 0, false
		}
		comma = i < len(src) && src[i] == ','
		if comma {
			i++
		}
		if i, ok = lineEnd(src, i); !ok || i == len(src) {
			return 0, false
		}
	}
}

// inlineTable checks the inline table at src[i] == '{' and returns the
// offset after its closing brace.
func (df *Defer) inlineTable(src []byte, i int) (int, bool) {
	var seen uint64
	f := -1 // uv writes the keys in one order: the next one is tried first
	i++
	for {
		if i+1 >= len(src) || src[i] != ' ' {
			return 0, false
		}
		i++
		f = df.field(src[i:], f+1)
		if f < 0 || seen&(1<<f) != 0 {
			return 0, false
		}
		seen |= 1 << f
		i += len(df.Fields[f].Key) + 3
		var ok bool
		if df.Fields[f].Kind == Integer {
			i, ok = decimal(src, i)
		} else {
			i, ok = quoted(src, i)
		}
		if !ok || len(src)-i < 2 {
			return 0, false
		}
		switch string(src[i : i+2]) {
		case ", ":
			i++
		case " }":
			return i + 2, true
		default:
			return 0, false
		}
	}
}

// field returns the index of the field whose key, then " = ", starts b,
// or -1; it tries field next first.
func (df *Defer) field(b []byte, next int) int {
	if next < len(df.Fields) && df.keyAt(b, next) {
		return next
	}
	for f := range df.Fields {
		if df.keyAt(b, f) {
			return f
		}
	}
	return -1
}

func (df *Defer) keyAt(b []byte, f int) bool {
	k := df.Fields[f].Key
	return len(b) > len(k)+3 && b[0] == k[0] && string(b[:len(k)]) == k && string(b[len(k):len(k)+3]) == " = "
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

// quoted checks the basic string at src[i]: printable ASCII between double
// quotes, without escapes.
func quoted(src []byte, i int) (int, bool) {
	if i >= len(src) || src[i] != '"' {
		return 0, false
	}
	j := special(src, i+1)
	return j + 1, j < len(src) && src[j] == '"'
}

// special returns the offset of the first byte at or after i that is not
// printable ASCII, or is a backslash or a double quote, or len(src); it
// looks at sixteen bytes at a time.
func special(src []byte, i int) int {
	for ; len(src)-i >= 16; i += 16 {
		m0, m1 := specialBytes(binary.LittleEndian.Uint64(src[i:])), specialBytes(binary.LittleEndian.Uint64(src[i+8:]))
		if m0 != 0 {
			return i + bits.TrailingZeros64(m0)/8
		}
		if m1 != 0 {
			return i + 8 + bits.TrailingZeros64(m1)/8
		}
	}
	for ; i < len(src); i++ {
		if c := src[i]; c < ' ' || c > '~' || c == '\\' || c == '"' {
			return i
		}
	}
	return i
}

// specialBytes sets the high bit of the lowest byte of w that special
// looks for, and perhaps of higher ones.
func specialBytes(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	bs, q := w^'\\'*ones, w^'"'*ones
	// Each term flags a byte below ' ', of 0x7f or more, a backslash and a
	// quote; borrows and carries run only from a flagged byte upwards, so
	// the lowest flag is exact.
	return ((w-0x20*ones)&^w | (w + ones) | w | (bs-ones)&^bs | (q-ones)&^q) & highs
}

// Decode decodes the deferred value whose key starts at keyOffset and
// which ends at end (Field.KeyOffset and Value.End of the deferred field)
// and calls use with it. The value lives only until use returns: its
// memory serves the next Decode. Decode only reads d's text and takes a
// lock for its scratch space, so callers may decode values of one Doc
// concurrently; use must not call Decode.
func (d *Doc) Decode(keyOffset, end int, use func(*Value)) error {
	return d.decode(keyOffset, end, true, use)
}

// decode is Decode; direct says whether a value written as the scan
// checked it is built from its text, without go-toml.
func (d *Doc) decode(keyOffset, end int, direct bool, use func(*Value)) error {
	if keyOffset < 0 || keyOffset > end || end > len(d.text) {
		return fmt.Errorf("%s: no deferred value at [%d:%d]", d.File, keyOffset, end)
	}
	d.decoding.Lock()
	defer d.decoding.Unlock()
	text := d.text[keyOffset:end]
	b := &d.scratch
	clear(b.slab)
	clear(b.fieldSlab)
	clear(b.itemSlab)
	b.slab, b.fieldSlab, b.itemSlab = b.slab[:0], b.fieldSlab[:0], b.itemSlab[:0]
	b.doc, b.src, b.text, b.origin = d, append(b.src[:0], text...), text, keyOffset
	if _, found := slices.BinarySearchFunc(d.deferredSpans, [2]int{keyOffset, end}, compareSpans); direct && found {
		// A deferred value passed the scan, so this cannot fail; should it,
		// go-toml decodes the value as it decodes any other.
		if v, ok := b.deferredValue(d.deferred); ok {
			use(v)
			return nil
		}
		clear(b.slab)
		clear(b.fieldSlab)
		clear(b.itemSlab)
		b.slab, b.fieldSlab, b.itemSlab = b.slab[:0], b.fieldSlab[:0], b.itemSlab[:0]
	}
	t := b.table(keyOffset, end, flagExplicit)
	if _, _, err := b.segment(t, t, nil, 0, len(text)); err != nil {
		return err
	}
	if len(t.Fields) != 1 {
		return fmt.Errorf("%s: no deferred value at [%d:%d]", d.File, keyOffset, end)
	}
	use(t.Fields[0].Value)
	return nil
}

func compareSpans(a, b [2]int) int {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return cmp.Compare(a[1], b[1])
}

// deferredValue builds the value of the key/value b.src, a value the scan
// of df deferred, straight from its text: its strings have no escapes and
// its integers are plain decimals, so they are substrings of the file and
// a loop over digits. It gives the values and spans go-toml's parse gives.
// The scan checked every byte of the strings, which are not looked at
// again; the rest is, and reports false where it is not as the scan
// requires.
func (b *builder) deferredValue(df *Defer) (*Value, bool) {
	src := b.src
	for _, k := range df.Keys {
		key := k.Key
		if len(src) < len(key)+4 || string(src[:len(key)]) != key || string(src[len(key):len(key)+3]) != " = " {
			continue
		}
		i := len(key) + 3
		var v *Value
		var ok bool
		switch {
		case k.Kind == Table && src[i] == '{':
			v, i, ok = b.directTable(df, i)
		case k.Kind == Array && src[i] == '[':
			v, i, ok = b.directArray(df, i)
		}
		return v, ok && i == len(src)
	}
	return nil, false
}

// directArray builds the array at b.src[i] == '[' whose elements the scan
// checked, and returns the offset after it.
func (b *builder) directArray(df *Defer, i int) (*Value, int, bool) {
	src := b.src
	v := b.newValue()
	v.Kind, v.Offset = Array, b.origin+i
	// One element per line: the lines bound the elements.
	v.Items = b.newItems(bytes.Count(src[i:], []byte{'\n'}))
	i, ok := lineEnd(src, i+1)
	comma := true
	for ok && i < len(src) {
		i = skipSpace(src, i)
		if i == len(src) {
			break
		}
		if src[i] == ']' {
			v.End = b.origin + i + 1
			return v, i + 1, true
		}
		if src[i] != '{' || !comma {
			break
		}
		var item *Value
		if item, i, ok = b.directTable(df, i); !ok {
			break
		}
		v.Items = append(v.Items, item)
		if comma = i < len(src) && src[i] == ','; comma {
			i++
		}
		i, ok = lineEnd(src, i)
	}
	return nil, 0, false
}

// directTable builds the inline table at b.src[i] == '{' that the scan
// checked, and returns the offset after it.
func (b *builder) directTable(df *Defer, i int) (*Value, int, bool) {
	src := b.src
	v := b.table(b.origin+i, 0, flagInline)
	var seen uint64
	f := -1
	i++
	for {
		if i+1 >= len(src) || src[i] != ' ' {
			return nil, 0, false
		}
		i++
		f = df.field(src[i:], f+1)
		if f < 0 || seen&(1<<f) != 0 {
			return nil, 0, false
		}
		seen |= 1 << f
		field := Field{Key: df.Fields[f].Key, KeyOffset: b.origin + i, Value: b.newValue()}
		i += len(field.Key) + 3
		var ok bool
		if df.Fields[f].Kind == Integer {
			i, ok = b.directInteger(field.Value, i)
		} else {
			i, ok = b.directString(field.Value, i)
		}
		if !ok || len(src)-i < 2 {
			return nil, 0, false
		}
		v.add(field)
		switch string(src[i : i+2]) {
		case ", ":
			i++
		case " }":
			v.End = b.origin + i + 2
			return v, i + 2, true
		default:
			return nil, 0, false
		}
	}
}

// directInteger builds the decimal integer at b.src[i] into v and returns
// the offset after it.
func (b *builder) directInteger(v *Value, i int) (int, bool) {
	end, ok := decimal(b.src, i)
	if !ok {
		return 0, false
	}
	v.Kind, v.Str, v.Offset, v.End = Integer, b.text[i:end], b.origin+i, b.origin+end
	for _, c := range b.src[i:end] {
		v.Int = v.Int*10 + int64(c-'0')
	}
	return end, true
}

// directString builds the basic string at b.src[i] into v and returns the
// offset after it. The scan found no quote or backslash inside, so the
// next quote ends it.
func (b *builder) directString(v *Value, i int) (int, bool) {
	if i >= len(b.src) || b.src[i] != '"' {
		return 0, false
	}
	n := bytes.IndexByte(b.src[i+1:], '"')
	if n < 0 {
		return 0, false
	}
	end := i + n + 2
	v.Kind, v.Str, v.Offset, v.End = String, b.text[i+1:end-1], b.origin+i, b.origin+end
	return end, true
}
