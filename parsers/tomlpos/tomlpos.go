// Package tomlpos parses TOML into a tree of values that know where they are
// in the source, for parsers that must report exact positions (uv.lock,
// pyproject.toml).
//
// It is built on go-toml's unstable.Parser, which checks the syntax and gives
// byte ranges for keys and scalars. On top of it this package enforces the
// TOML rules the parser leaves to decoders (no duplicate keys, no redefined
// tables, inline tables are sealed, valid integers and dates) and computes
// the spans go-toml leaves empty (arrays, inline tables, table headers).
package tomlpos

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
)

// Pos is a span of a source file: bytes [Offset, EndOffset). Line and Col are
// 1-based and locate Offset; Col counts bytes, as go/token does. The zero Pos
// means "no position".
type Pos struct {
	Offset, EndOffset int
	Line, Col         int
}

// IsValid reports whether p holds a position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is a problem in a file, reported as "FILE:LINE:COL: MSG".
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats e as "FILE:LINE:COL: MSG", the form editors and CI annotate.
func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }

// Kind is the type of a Value.
type Kind uint8

// The kinds of TOML values. Offset date-times, local date-times, local dates
// and local times are all Datetime; their text is kept as written.
const (
	Invalid Kind = iota
	String
	Integer
	Float
	Bool
	Datetime
	Array
	Table
)

var kindNames = [...]string{"invalid value", "string", "integer", "float", "boolean", "datetime", "array", "table"}

// String names k as error messages do ("string", "array", …).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Value is one TOML value and its span in the source.
//
// For a table opened by a header ([a] or [[a]]) the span runs from the
// header to the end of the last key/value written under it or under one of
// its sub-table headers, so a [[package]] covers its [package.metadata].
type Value struct {
	Kind Kind
	// Str is the decoded text of a String and the text as written of every
	// other scalar.
	Str    string
	Int    int64
	Float  float64
	Bool   bool
	Items  []*Value // Array elements.
	Fields []Field  // Table entries in document order.

	Offset, End int // byte span [Offset, End)

	flags uint8
	index map[string]int32 // key → Fields index, built once a table grows large
}

// Field is one key of a table.
type Field struct {
	Key       string
	KeyOffset int // where the key is written (the last part of a dotted key)
	Value     *Value
}

const (
	flagExplicit     = 1 << iota // defined by a [header]
	flagDotted                   // defined by a dotted key
	flagInline                   // an inline table, or a table inside one: sealed
	flagArrayOfTable             // built by [[header]]
)

// indexAfter is the number of fields above which a table gets a map index:
// small tables are faster to scan, large ones must not go quadratic.
const indexAfter = 16

// Get returns the value of key in table v, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Table {
		return nil
	}
	if v.index != nil {
		if i, ok := v.index[key]; ok {
			return v.Fields[i].Value
		}
		return nil
	}
	for i := range v.Fields {
		if v.Fields[i].Key == key {
			return v.Fields[i].Value
		}
	}
	return nil
}

func (v *Value) add(f Field) {
	v.Fields = append(v.Fields, f)
	switch {
	case v.index != nil:
		v.index[f.Key] = int32(len(v.Fields) - 1)
	case len(v.Fields) > indexAfter:
		v.index = make(map[string]int32, 2*len(v.Fields))
		for i, f := range v.Fields {
			v.index[f.Key] = int32(i)
		}
	}
}

// Any converts v to plain Go values: string (strings and datetimes), int64,
// float64, bool, []any and map[string]any.
func (v *Value) Any() any {
	switch v.Kind {
	case String, Datetime:
		return v.Str
	case Integer:
		return v.Int
	case Float:
		return v.Float
	case Bool:
		return v.Bool
	case Array:
		items := make([]any, len(v.Items))
		for i, it := range v.Items {
			items[i] = it.Any()
		}
		return items
	case Table:
		m := make(map[string]any, len(v.Fields))
		for _, f := range v.Fields {
			m[f.Key] = f.Value.Any()
		}
		return m
	default:
	}
	return nil
}

// Doc is a parsed TOML file.
type Doc struct {
	File string
	Src  []byte
	Root *Value

	text       string // a copy of Src, which the caller may change after Parse
	lineStarts []int
}

func lineStarts(src []byte) []int {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	return starts
}

// LineStarts returns the offset at which each line of the file starts;
// a file ending in a newline has a last, empty line starting at its end.
// The slice is the Doc's: not to be changed.
func (d *Doc) LineStarts() []int { return d.lineStarts }

// LineCol returns the 1-based line and byte column of offset.
func (d *Doc) LineCol(offset int) (line, col int) {
	line, col, _ = d.lineColFrom(offset, 0)
	return line, col
}

// lineColFrom is LineCol for a reader going through the file in order:
// hint is the 0-based line of its previous offset, and the returned one is
// the next hint. Lines a few ahead of the hint are stepped to, others
// searched.
func (d *Doc) lineColFrom(offset, hint int) (line, col, next int) {
	offset = min(max(offset, 0), len(d.text))
	starts := d.lineStarts
	i := -1
	if hint < len(starts) && starts[hint] <= offset {
		for j := hint; j < len(starts) && j < hint+4; j++ {
			if j+1 == len(starts) || starts[j+1] > offset {
				i = j
				break
			}
		}
	}
	if i < 0 {
		i = sort.SearchInts(starts, offset+1) - 1
	}
	return i + 1, offset - starts[i] + 1, i
}

// Pos returns the Pos of bytes [offset, end).
func (d *Doc) Pos(offset, end int) Pos {
	line, col := d.LineCol(offset)
	return Pos{Offset: offset, EndOffset: end, Line: line, Col: col}
}

// Span returns the Pos of v.
func (d *Doc) Span(v *Value) Pos { return d.Pos(v.Offset, v.End) }

// Errorf returns an *Error located at offset.
func (d *Doc) Errorf(offset int, format string, args ...any) *Error {
	line, col := d.LineCol(offset)
	return &Error{File: d.File, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// KeyPositions maps the path of every value under v (dotted keys, [i] for
// array elements, relative to v) to where it is named: its key (the last
// part of a dotted key), the key in the header of a [[table]] element, or
// the element itself in an array. A configuration reader reports a bad
// value there, where the user wrote its name.
func (d *Doc) KeyPositions(v *Value) map[string]Pos {
	m := map[string]Pos{}
	d.keyPositions(m, "", v)
	return m
}

func (d *Doc) keyPositions(m map[string]Pos, path string, v *Value) {
	switch v.Kind {
	case Table:
		for _, f := range v.Fields {
			p := f.Key
			if path != "" {
				p = path + "." + f.Key
			}
			m[p] = d.Pos(f.KeyOffset, f.KeyOffset+len(f.Key))
			d.keyPositions(m, p, f.Value)
		}
	case Array:
		for i, it := range v.Items {
			p := path + "[" + strconv.Itoa(i) + "]"
			off := it.Offset
			if v.flags&flagArrayOfTable != 0 {
				off = skipSpace(d.Src, off+len("[["))
			}
			m[p] = d.Pos(off, it.End)
			d.keyPositions(m, p, it)
		}
	default:
	}
}
