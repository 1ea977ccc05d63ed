package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// A command's words split GNU-style into options and operands, the layer
// Call.Flags and the installers of commands.go share.

// CmdFlag is one option of a command.
type CmdFlag struct {
	// Name is the option with its dashes: "--locked", "-y".
	Name string
	// Value is the option's value, from `--opt=value`, `--opt value` for
	// options that take one, or `-rfile`.
	Value    string
	HasValue bool
	// Literal is false when the value has expansions; Value is then the
	// value's source text.
	Literal bool
	// Span covers the option and its value. A short option split out of a
	// cluster covers its letter only (the first also its dash).
	Span      Span
	ValueSpan Span
}

// CmdWord is one operand of a command.
type CmdWord struct {
	// Value is the word without quotes; for a word with expansions
	// (Literal false) it is the word's source text.
	Value   string
	Span    Span
	Literal bool
}

// flagTable reports whether a tool's option takes a value in the next word.
// Options given as --opt=value need no entry. Combined short options are
// split (-yq is -y -q); in a cluster, a short option that takes a value
// takes the rest of the cluster (-rrequirements.txt) or the next word.
type flagTable func(name string) bool

// parseArgs splits words into options and operands GNU-style: options may
// come anywhere until `--`; a bare `-` is an operand.
func parseArgs(sc *Script, words []*syntax.Word, tbl flagTable) ([]CmdFlag, []CmdWord) {
	var flags []CmdFlag
	var ops []CmdWord
	for i := 0; i < len(words); i++ {
		w := words[i]
		rw := readWord(sc, w)
		s := rw.s
		if len(s) < 2 || s[0] != '-' {
			if ops == nil {
				// Room for every word left: one allocation, not several.
				ops = make([]CmdWord, 0, len(words)-i)
			}
			ops = append(ops, CmdWord{Value: s, Span: sc.Span(w), Literal: rw.lit})
			continue
		}
		if s == "--" {
			if ops == nil && i+1 < len(words) {
				ops = make([]CmdWord, 0, len(words)-i-1)
			}
			for _, w := range words[i+1:] {
				rw := readWord(sc, w)
				ops = append(ops, CmdWord{Value: rw.s, Span: sc.Span(w), Literal: rw.lit})
			}
			break
		}
		if flags == nil {
			flags = make([]CmdFlag, 0, len(words)-i)
		}
		// next consumes the following word as the value of f.
		next := func(f *CmdFlag) {
			if i+1 >= len(words) {
				return
			}
			i++
			vw := readWord(sc, words[i])
			vs := sc.Span(words[i])
			f.Value, f.HasValue, f.Literal, f.ValueSpan = vw.s, true, vw.lit, vs
			f.Span.End = vs.End
		}
		if strings.HasPrefix(s, "--") {
			f := CmdFlag{Name: s, Span: sc.Span(w), Literal: true}
			if eq := strings.IndexByte(s, '='); eq >= 0 {
				f.Name, f.Value, f.HasValue, f.Literal = s[:eq], s[eq+1:], true, rw.lit
				f.ValueSpan = rw.span(eq+1, len(s))
			} else if tbl(s) {
				next(&f)
			}
			flags = append(flags, f)
			continue
		}
		// A cluster of short options: -yq, -qO-, -rreqs.txt, -q=2.
		for k := 1; k < len(s); k++ {
			start := k
			if k == 1 {
				start = 0
			}
			f := CmdFlag{Name: "-" + s[k:k+1], Span: rw.span(start, k+1), Literal: true}
			if k == 1 && s[1] == 'n' && len(s) == 3 && tbl("-n?") {
				// wget's -nv, -nc, -nd, -nH, -np are single options.
				f.Name, f.Span = s, rw.span(0, 3)
				flags = append(flags, f)
				break
			}
			switch {
			case tbl(f.Name) && k+1 < len(s):
				f.Value, f.HasValue, f.Literal = s[k+1:], true, rw.lit
				f.ValueSpan = rw.span(k+1, len(s))
				f.Span.End = f.ValueSpan.End
				k = len(s)
			case tbl(f.Name):
				next(&f)
			case k+1 < len(s) && s[k+1] == '=':
				f.Value, f.HasValue, f.Literal = s[k+2:], true, rw.lit
				f.ValueSpan = rw.span(k+2, len(s))
				f.Span.End = f.ValueSpan.End
				k = len(s)
			}
			flags = append(flags, f)
		}
	}
	return flags, ops
}
