// Package tomlpostest helps test parsers built on tomlpos: it renders a
// parsed model as stable text for golden files, checks its positions, and
// holds the golden and fuzz harnesses the parsers share.
package tomlpostest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/ballast-dev/ballast/parsers/tomlpos"
)

// Dump renders v one field per line, skipping zero fields, with maps in key
// order and positions as LINE:COL[OFFSET:END], so that a golden file shows
// every value and every position of a model and nothing else.
func Dump(v any) string {
	var b strings.Builder
	dump(&b, reflect.ValueOf(v), "")
	return b.String()
}

var posType = reflect.TypeFor[tomlpos.Pos]()

// Expander is implemented, in a parser's tests, by model types that decode
// some of their values on first use: Dump and CheckPositions show and check
// what Expand returns, the value with everything decoded.
type Expander interface{ Expand() any }

// expanded returns what v stands for: Expand's value when v implements
// Expander.
func expanded(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		if e, ok := reflect.TypeAssert[Expander](v.Addr()); ok {
			return reflect.ValueOf(e.Expand())
		}
	}
	return v
}

func dump(b *strings.Builder, v reflect.Value, indent string) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		v = v.Elem()
	}
	v = expanded(v)
	switch {
	case v.Type() == posType:
		p := v.Interface().(tomlpos.Pos)
		fmt.Fprintf(b, "%d:%d[%d:%d]\n", p.Line, p.Col, p.Offset, p.EndOffset)
	case v.Kind() == reflect.Struct:
		b.WriteString("\n")
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			fmt.Fprintf(b, "%s%s: ", indent, f.Name)
			dump(b, v.Field(i), indent+"  ")
		}
	case v.Kind() == reflect.Slice:
		b.WriteString("\n")
		for i := range v.Len() {
			fmt.Fprintf(b, "%s- ", indent)
			dump(b, v.Index(i), indent+"  ")
		}
	case v.Kind() == reflect.Map:
		b.WriteString("\n")
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			fmt.Fprintf(b, "%s%q: ", indent, k.String())
			dump(b, v.MapIndex(k), indent+"  ")
		}
	case v.Kind() == reflect.String:
		fmt.Fprintf(b, "%q\n", v.String())
	default:
		fmt.Fprintf(b, "%v\n", v.Interface())
	}
}

// CheckPositions walks v and returns an error for the first valid Pos that
// lies outside src or whose line and column do not match its offset.
func CheckPositions(src []byte, v any) error {
	return check(src, reflect.ValueOf(v), "")
}

func check(src []byte, v reflect.Value, path string) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	v = expanded(v)
	switch {
	case v.Type() == posType:
		p := v.Interface().(tomlpos.Pos)
		if !p.IsValid() {
			return nil
		}
		if p.Offset < 0 || p.Offset > p.EndOffset || p.EndOffset > len(src) {
			return fmt.Errorf("%s: span [%d:%d] outside the %d-byte source", path, p.Offset, p.EndOffset, len(src))
		}
		line := 1 + strings.Count(string(src[:p.Offset]), "\n")
		col := p.Offset - strings.LastIndexByte(string(src[:p.Offset]), '\n')
		if line != p.Line || col != p.Col {
			return fmt.Errorf("%s: offset %d is %d:%d, Pos says %d:%d", path, p.Offset, line, col, p.Line, p.Col)
		}
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				if err := check(src, v.Field(i), path+"."+f.Name); err != nil {
					return err
				}
			}
		}
	case v.Kind() == reflect.Slice:
		for i := range v.Len() {
			if err := check(src, v.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case v.Kind() == reflect.Map:
		for _, k := range v.MapKeys() {
			if err := check(src, v.MapIndex(k), fmt.Sprintf("%s[%q]", path, k.String())); err != nil {
				return err
			}
		}
	}
	return nil
}
