package tomlpos

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Parse parses src as TOML. Syntax errors and violations of TOML's key and
// table rules are returned as *Error; src is never modified.
//
// The lines written as uv and other tools write TOML (see direct.go) are
// built straight from their text; go-toml parses the rest, segment by
// segment between them. Should anything go wrong on the way, a segment that
// does not parse (a line that looked simple inside a multi-line string,
// say) or a key defined twice, the whole file is parsed again by go-toml
// alone, so that the result and the errors are always go-toml's.
func Parse(file string, src []byte) (*Doc, error) {
	if doc, err := parse(file, src, true); err == nil {
		return doc, nil
	}
	return parse(file, src, false)
}

// ParseWithGoToml parses src with go-toml alone, as Parse does when it
// gives up on the direct build: the yardstick of the direct build's tests.
func ParseWithGoToml(file string, src []byte) (*Doc, error) {
	return parse(file, src, false)
}

// parse parses src, building the lines direct.go reads when direct is set
// and handing everything to go-toml otherwise.
func parse(file string, src []byte, direct bool) (*Doc, error) {
	text := string(src)
	b := &builder{doc: &Doc{File: file, Src: src, text: text}, src: src, text: text, slab: make([]Value, 0, 64)}
	start := 0
	if len(src) >= len(utf8BOM) && string(src[:len(utf8BOM)]) == utf8BOM {
		// Editors on Windows write one; TOML readers commonly skip it.
		start = len(utf8BOM)
	}
	var root *Value
	var err error
	if direct {
		root, err = b.direct(start)
	} else {
		b.doc.lineStarts = lineStarts(src)
		root, err = b.document(start)
	}
	if err != nil {
		return nil, err
	}
	b.doc.Root = root
	return b.doc, nil
}

const utf8BOM = "\xEF\xBB\xBF"

type builder struct {
	doc  *Doc
	src  []byte // the file
	text string // string(src): strings without escapes become substrings of it, not allocations
	// base is the offset of the parser's input, a segment of src. Values
	// hold file offsets.
	base      int
	p         unstable.Parser
	slab      []Value // values are carved from here to allocate them in batches
	fieldSlab []Field // and the fields of tables
	itemSlab  []*Value
	stack     []*Value // the elements of the arrays direct is building
	fields    []Field  // and the fields of its inline tables
}

func (b *builder) newValue() *Value {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]Value, 0, min(max(2*cap(b.slab), 16), 4096))
	}
	b.slab = b.slab[:len(b.slab)+1]
	return &b.slab[len(b.slab)-1]
}

func (b *builder) table(offset, end int, flags uint8) *Value {
	v := b.newValue()
	v.Kind, v.Offset, v.End, v.flags = Table, offset, end, flags
	// Room for the keys of most tables: more are appended as usual.
	v.Fields = b.newFields(8)
	return v
}

// newFields returns an empty slice with room for n fields, carved from a
// batch; appending past n allocates anew, leaving the batch alone.
func (b *builder) newFields(n int) []Field {
	if len(b.fieldSlab)+n > cap(b.fieldSlab) {
		b.fieldSlab = make([]Field, 0, max(n, min(2*cap(b.fieldSlab), 4096), 64))
	}
	l := len(b.fieldSlab)
	b.fieldSlab = b.fieldSlab[:l+n]
	return b.fieldSlab[l : l : l+n]
}

// newItems is newFields for the elements of an array.
func (b *builder) newItems(n int) []*Value {
	if len(b.itemSlab)+n > cap(b.itemSlab) {
		b.itemSlab = make([]*Value, 0, max(n, min(2*cap(b.itemSlab), 4096), 64))
	}
	l := len(b.itemSlab)
	b.itemSlab = b.itemSlab[:l+n]
	return b.itemSlab[l : l : l+n]
}

// str returns data (a slice of the input, or a buffer the parser allocated
// for an unescaped string) as a string.
func (b *builder) str(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	o := cap(b.src) - cap(data)
	if o >= 0 && o+len(data) <= len(b.src) && &b.src[o] == &data[0] {
		return b.text[o : o+len(data)]
	}
	return string(data)
}

func (b *builder) start(n *unstable.Node) int { return b.base + int(n.Raw.Offset) }
func (b *builder) end(n *unstable.Node) int   { return b.base + int(n.Raw.Offset+n.Raw.Length) }

// byteAt returns the byte at file offset i, or 0 past the end of src.
func (b *builder) byteAt(i int) byte {
	if i >= 0 && i < len(b.src) {
		return b.src[i]
	}
	return 0
}

// document builds the file from offset start with go-toml alone.
func (b *builder) document(start int) (*Value, error) {
	root := b.table(0, len(b.src), flagExplicit)
	if _, _, err := b.segment(root, root, nil, start, len(b.src)); err != nil {
		return nil, err
	}
	return root, nil
}

// segment parses the expressions in bytes [start, end) of src, which begin
// at the start of an expression, into the document whose current table is
// cur.
func (b *builder) segment(root, cur *Value, chain []*Value, start, end int) (*Value, []*Value, error) {
	b.base = start
	b.p.Reset(b.src[start:end])
	for b.p.NextExpression() {
		e := b.p.Expression()
		var err error
		switch e.Kind {
		case unstable.KeyValue:
			var end int
			end, err = b.keyValue(cur, e, false)
			for _, t := range chain {
				t.End = max(t.End, end)
			}
		case unstable.Table, unstable.ArrayTable:
			cur, chain, err = b.header(root, e, chain[:0])
		default:
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if err := b.p.Error(); err != nil {
		if perr, ok := errors.AsType[*unstable.ParserError](err); ok {
			// The highlight is a subslice of the input; its capacity tells
			// where it starts.
			o := min(max(cap(b.src)-cap(perr.Highlight), 0), len(b.src))
			return nil, nil, b.doc.Errorf(o, "%s", perr.Message)
		}
		return nil, nil, b.doc.Errorf(0, "%v", err)
	}
	return cur, chain, nil
}

// keys collects the parts of a (dotted) key into buf.
func keys(it unstable.Iterator, buf []*unstable.Node) []*unstable.Node {
	for it.Next() {
		buf = append(buf, it.Node())
	}
	return buf
}

// header opens the table of a [a.b] or [[a.b]] line and returns it with the
// chain of tables it lies in.
func (b *builder) header(root *Value, e *unstable.Node, chain []*Value) (*Value, []*Value, error) {
	var buf [4]*unstable.Node
	nodes := keys(e.Key(), buf[:0])
	first, last := nodes[0], nodes[len(nodes)-1]
	isArray := e.Kind == unstable.ArrayTable

	// go-toml gives no range for the header itself: find the brackets
	// around the key.
	start := b.start(first)
	for start > 0 && b.byteAt(start-1) != '[' {
		start--
	}
	start--
	if isArray {
		start--
	}
	end := skipSpace(b.src, b.end(last)) + 1
	if isArray {
		end++
	}
	var parts [4]keyPart
	key := parts[:0]
	for _, k := range nodes {
		key = append(key, keyPart{name: b.str(k.Data), offset: b.start(k)})
	}
	return b.open(root, key, b.text[b.start(first):b.end(last)], isArray, start, end, chain)
}

// keyPart is one part of a (dotted) key and where it is written.
type keyPart struct {
	name   string
	offset int
}

// open opens the table a header names (key, written as name, the header
// spanning [start, end)) and returns it with the chain of tables it lies
// in.
func (b *builder) open(root *Value, key []keyPart, name string, isArray bool, start, end int, chain []*Value) (*Value, []*Value, error) {
	t := root
	for _, k := range key[:len(key)-1] {
		f := t.Get(k.name)
		switch {
		case f == nil:
			nt := b.table(start, end, 0)
			t.add(Field{Key: k.name, KeyOffset: k.offset, Value: nt})
			t = nt
		case f.Kind == Table && f.flags&flagInline == 0:
			t = f
		case f.Kind == Array && f.flags&flagArrayOfTable != 0:
			chain = append(chain, f)
			t = f.Items[len(f.Items)-1]
		default:
			return nil, nil, b.doc.Errorf(k.offset, "cannot define table %q: key %q is already defined as %s", name, k.name, article(f))
		}
		chain = append(chain, t)
	}

	last := key[len(key)-1]
	f := t.Get(last.name)
	var nt *Value
	switch {
	case isArray && f == nil:
		f = b.newValue()
		f.Kind, f.Offset, f.flags = Array, start, flagArrayOfTable
		t.add(Field{Key: last.name, KeyOffset: last.offset, Value: f})
		fallthrough
	case isArray && f.Kind == Array && f.flags&flagArrayOfTable != 0:
		nt = b.table(start, end, flagExplicit)
		f.Items = append(f.Items, nt)
		chain = append(chain, f)
	case isArray:
		return nil, nil, b.doc.Errorf(last.offset, "cannot define array of tables %q: key %q is already defined as %s", name, last.name, article(f))
	case f == nil:
		nt = b.table(start, end, flagExplicit)
		t.add(Field{Key: last.name, KeyOffset: last.offset, Value: nt})
	case f.Kind == Table && f.flags&(flagExplicit|flagDotted|flagInline) == 0:
		// Defined implicitly by an earlier [a.b.c]; now it gets its header.
		nt = f
		nt.flags |= flagExplicit
		nt.Offset = start
	case f.Kind == Table:
		return nil, nil, b.doc.Errorf(last.offset, "table %q is already defined", name)
	default:
		return nil, nil, b.doc.Errorf(last.offset, "cannot define table %q: key %q is already defined as %s", name, last.name, article(f))
	}
	chain = append(chain, nt)
	for _, c := range chain {
		c.End = max(c.End, end)
	}
	return nt, chain, nil
}

// keyValue adds the key/value e to table t and returns where the value ends.
// inInline is set while t is an inline table being built, the only time keys
// may be added to a sealed table.
func (b *builder) keyValue(t *Value, e *unstable.Node, inInline bool) (int, error) {
	var buf [4]*unstable.Node
	parts := keys(e.Key(), buf[:0])
	last := parts[len(parts)-1]
	var flags uint8 = flagDotted
	if inInline {
		flags |= flagInline
	}
	var dotted [4]*Value
	opened := dotted[:0]
	for _, k := range parts[:len(parts)-1] {
		key := b.str(k.Data)
		f := t.Get(key)
		switch {
		case f == nil:
			f = b.table(b.start(parts[0]), 0, flags)
			t.add(Field{Key: key, KeyOffset: b.start(k), Value: f})
		case f.Kind != Table || f.flags&flagDotted == 0 || (f.flags&flagInline != 0 && !inInline):
			return 0, b.doc.Errorf(b.start(k), "cannot add key %q to %q: it is already defined as %s",
				b.text[b.start(k):b.end(last)], key, article(f))
		}
		opened = append(opened, f)
		t = f
	}
	key := b.str(last.Data)
	if t.Get(key) != nil {
		return 0, b.doc.Errorf(b.start(last), "duplicate key %q", key)
	}
	keyOffset := b.start(last)

	// The value starts after "=": go-toml has no range for arrays.
	i := skipSpace(b.src, b.end(last))
	if b.byteAt(i) != '=' {
		return 0, b.doc.Errorf(i, "expected '=' after key %q", key)
	}
	v, end, err := b.value(e.Value(), skipSpace(b.src, i+1))
	if err != nil {
		return 0, err
	}
	t.add(Field{Key: key, KeyOffset: keyOffset, Value: v})
	for _, d := range opened {
		d.End = max(d.End, end)
	}
	return end, nil
}

// value converts the value node n, which starts at offset start, and
// returns it with its end offset.
func (b *builder) value(n *unstable.Node, start int) (*Value, int, error) {
	v := b.newValue()
	switch n.Kind {
	case unstable.Array:
		v.Kind, v.Offset = Array, start
		count := 0
		for it := n.Children(); it.Next(); {
			count++
		}
		v.Items = b.newItems(count)
		pos := start + 1
		for it := n.Children(); it.Next(); {
			item, end, err := b.value(it.Node(), skipTrivia(b.src, pos))
			if err != nil {
				return nil, 0, err
			}
			v.Items = append(v.Items, item)
			pos = end
		}
		return b.close(v, pos, ']')
	case unstable.InlineTable:
		v.Kind, v.Offset, v.flags = Table, b.start(n), flagInline
		count := 0
		for it := n.Children(); it.Next(); {
			count++
		}
		v.Fields = b.newFields(count)
		pos := v.Offset + 1
		for it := n.Children(); it.Next(); {
			end, err := b.keyValue(v, it.Node(), true)
			if err != nil {
				return nil, 0, err
			}
			pos = end
		}
		return b.close(v, pos, '}')
	default:
	}

	v.Offset, v.End = b.start(n), b.end(n)
	v.Str = b.str(n.Data)
	switch n.Kind {
	case unstable.String:
		v.Kind = String
	case unstable.Bool:
		v.Kind, v.Bool = Bool, v.Str == "true"
	case unstable.Integer:
		i, err := strconv.ParseInt(v.Str, 0, 64)
		if err != nil {
			return nil, 0, b.doc.Errorf(v.Offset, "integer %s is out of range", v.Str)
		}
		v.Kind, v.Int = Integer, i
	case unstable.Float:
		text := strings.ReplaceAll(v.Str, "_", "")
		if text == "+nan" || text == "-nan" {
			text = "nan" // strconv wants nan unsigned; TOML allows either sign
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, 0, b.doc.Errorf(v.Offset, "float %s is out of range", v.Str)
		}
		v.Kind, v.Float = Float, f
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		if !validDatetime(v.Str) {
			return nil, 0, b.doc.Errorf(v.Offset, "invalid date or time %q", v.Str)
		}
		v.Kind = Datetime
	default:
		return nil, 0, b.doc.Errorf(v.Offset, "unexpected %s value", n.Kind)
	}
	return v, v.End, nil
}

// close finds the bracket ending container v after its last element at pos.
func (b *builder) close(v *Value, pos int, bracket byte) (*Value, int, error) {
	i := skipTrivia(b.src, pos)
	if b.byteAt(i) != bracket {
		// go-toml accepted the container, so this is a bug here, not in the input.
		return nil, 0, b.doc.Errorf(i, "internal error: expected %q to close the %s", bracket, v.Kind)
	}
	v.End = i + 1
	return v, v.End, nil
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i
}

// skipTrivia skips what may separate elements of arrays and inline tables:
// white space, newlines, commas and comments.
func skipTrivia(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\r', '\n', ',':
			i++
		case '#':
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				return len(src)
			}
			i += j
		default:
			return i
		}
	}
	return i
}

func article(v *Value) string {
	switch {
	case v.Kind == Array && v.flags&flagArrayOfTable != 0:
		return "an array of tables"
	case v.Kind == Array || v.Kind == Integer:
		return "an " + v.Kind.String()
	case v.Kind == Table && v.flags&flagInline != 0:
		return "an inline table"
	}
	return "a " + v.Kind.String()
}

// validDatetime checks the fields of a date, time or date-time the parser
// delimited but did not validate: YYYY-MM-DD, HH:MM[:SS[.frac]], both
// joined by T or a space, and an optional Z or ±HH:MM offset after a time.
func validDatetime(s string) bool {
	hasDate := len(s) >= 10 && s[4] == '-'
	if hasDate {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if !ok1 || !ok2 || !ok3 || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
			return false
		}
		s = s[10:]
		if s == "" {
			return true
		}
		if s[0] != 'T' && s[0] != 't' && s[0] != ' ' {
			return false
		}
		s = s[1:]
	}
	if len(s) < 5 || s[2] != ':' {
		return false
	}
	h, ok1 := digits(s[0:2])
	mi, ok2 := digits(s[3:5])
	if !ok1 || !ok2 || h > 23 || mi > 59 {
		return false
	}
	s = s[5:]
	if len(s) >= 3 && s[0] == ':' {
		sec, ok := digits(s[1:3])
		if !ok || sec > 59 {
			return false
		}
		s = s[3:]
		if len(s) > 0 && s[0] == '.' {
			n := 1
			for n < len(s) && s[n] >= '0' && s[n] <= '9' {
				n++
			}
			if n == 1 {
				return false
			}
			s = s[n:]
		}
	}
	switch {
	case s == "":
		return true
	case !hasDate:
		return false
	case s == "Z" || s == "z":
		return true
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		oh, ok1 := digits(s[1:3])
		om, ok2 := digits(s[4:6])
		return ok1 && ok2 && oh <= 23 && om <= 59
	}
	return false
}

func digits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = 10*n + int(s[i]-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
