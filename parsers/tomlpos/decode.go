package tomlpos

// Decoder reads typed values out of a Doc. It keeps the first error, so a
// caller can decode a whole table and check Err once; after an error the
// methods keep returning zero values.
type Decoder struct {
	Doc  *Doc
	err  error
	line int // the line of the last Pos, where the next search starts
}

// Err returns the first error met, or nil.
func (d *Decoder) Err() error { return d.err }

// Failf records an error located at v unless one is already recorded.
func (d *Decoder) Failf(v *Value, format string, args ...any) {
	if d.err == nil {
		d.err = d.Doc.Errorf(v.Offset, format, args...)
	}
}

// Pos returns the span of v. A decoder reads a file mostly in order, so
// the line is looked for from the last one's.
func (d *Decoder) Pos(v *Value) Pos {
	line, col, next := d.Doc.lineColFrom(v.Offset, d.line)
	d.line = next
	return Pos{Offset: v.Offset, EndOffset: v.End, Line: line, Col: col}
}

// Want reports whether v has kind k, recording an error naming key if not.
func (d *Decoder) Want(v *Value, k Kind, key string) bool {
	if v.Kind == k {
		return true
	}
	d.Failf(v, "key %q: expected %s, got %s", key, article(&Value{Kind: k}), article(v))
	return false
}

// String returns the string v.
func (d *Decoder) String(v *Value, key string) string {
	if !d.Want(v, String, key) {
		return ""
	}
	return v.Str
}

// Timestamp returns v, a string or a TOML date-time, as written.
func (d *Decoder) Timestamp(v *Value, key string) string {
	if v.Kind == Datetime {
		return v.Str
	}
	return d.String(v, key)
}

// Int returns the integer v.
func (d *Decoder) Int(v *Value, key string) int64 {
	if !d.Want(v, Integer, key) {
		return 0
	}
	return v.Int
}

// Bool returns the boolean v.
func (d *Decoder) Bool(v *Value, key string) bool {
	if !d.Want(v, Bool, key) {
		return false
	}
	return v.Bool
}

// Array returns the elements of the array v.
func (d *Decoder) Array(v *Value, key string) []*Value {
	if !d.Want(v, Array, key) {
		return nil
	}
	return v.Items
}

// Table returns the fields of the table v.
func (d *Decoder) Table(v *Value, key string) []Field {
	if !d.Want(v, Table, key) {
		return nil
	}
	return v.Fields
}

// Strings returns the array of strings v.
func (d *Decoder) Strings(v *Value, key string) []string {
	items := d.Array(v, key)
	if len(items) == 0 {
		return nil
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = d.String(it, key)
	}
	return out
}
