package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"mvdan.cc/sh/v3/syntax"
)

// A command's words as the shell will see them once the variables a
// Dockerfile gives (ARG and ENV) are substituted: what a rule needs before
// it says a flag is missing from `uv sync $UV_ARGS`.

// HasExpansion reports whether any word of the call — assignments,
// wrappers, program or arguments — has an expansion: the command the
// shell runs is then not the text as written, and an edit of that text
// cannot be known to be right.
func (c *Command) HasExpansion() bool {
	if c.Expr == nil {
		return false
	}
	for _, a := range c.Expr.Assigns {
		if a.Value != nil && !literalParts(a.Value) {
			return true
		}
	}
	for _, w := range c.Expr.Args {
		if !literalParts(w) {
			return true
		}
	}
	return false
}

// ExpandedArgs returns the words after the program, expanded in env and
// split as the shell splits an unquoted expansion. It reports false when
// a word holds anything env cannot settle: a variable env does not know or
// that the script itself assigns, a command substitution, arithmetic, a
// parameter operation (${X:-y}, ${#X}), a glob or a brace expansion.
func (c *Command) ExpandedArgs(env shell.EnvGetter) ([]string, bool) {
	if c.Expr == nil || c.Script == nil {
		return nil, false
	}
	sc := c.Script
	prog := -1
	for i, w := range c.Expr.Args {
		if sc.Span(w).Start == c.Span.Start {
			prog = i
			break
		}
	}
	if prog < 0 {
		return nil, false
	}
	assigned := scriptAssigned(sc)
	lookup := func(name string) (string, bool) {
		if assigned[name] {
			return "", false
		}
		return env.Get(name)
	}
	var out []string
	for _, w := range c.Expr.Args[prog+1:] {
		if literalParts(w) {
			s, _ := wordString(sc, w)
			out = append(out, s)
			continue
		}
		fields, ok := expandWord(w, lookup)
		if !ok {
			return nil, false
		}
		out = append(out, fields...)
	}
	return out, true
}

// scriptAssigned holds the names the script assigns (X=1, export X=1, for
// X in …): their value at a later command depends on the run, not on the
// Dockerfile's ARG and ENV.
func scriptAssigned(sc *Script) map[string]bool {
	names := map[string]bool{}
	if sc.File == nil {
		return names
	}
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Assign:
			if n.Name != nil {
				names[n.Name.Value] = true
			}
		case *syntax.WordIter:
			if n.Name != nil {
				names[n.Name.Value] = true
			}
		}
		return true
	})
	return names
}

// expandWord expands a word of plain literals, quotes and simple $X or
// ${X}, splitting the unquoted expansions on blanks; false when it holds
// anything else or a variable lookup does not know.
func expandWord(w *syntax.Word, lookup func(string) (string, bool)) ([]string, bool) {
	var fields []string
	var cur strings.Builder
	// open is whether cur holds the start of a word, even an empty one ("").
	open := false
	flush := func() {
		if open {
			fields = append(fields, cur.String())
		}
		cur.Reset()
		open = false
	}
	param := func(p *syntax.ParamExp) (string, bool) {
		if p.Param == nil || p.Excl || p.Length || p.Width || p.Index != nil || p.Slice != nil ||
			p.Repl != nil || p.Names != 0 || p.Exp != nil {
			return "", false
		}
		return lookup(p.Param.Value)
	}
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(p.Value, "\\*?[{") {
				return nil, false
			}
			cur.WriteString(p.Value)
			open = true
		case *syntax.SglQuoted:
			if p.Dollar {
				return nil, false
			}
			cur.WriteString(p.Value)
			open = true
		case *syntax.DblQuoted:
			if p.Dollar {
				return nil, false
			}
			open = true
			for _, q := range p.Parts {
				switch q := q.(type) {
				case *syntax.Lit:
					if strings.ContainsRune(q.Value, '\\') {
						return nil, false
					}
					cur.WriteString(q.Value)
				case *syntax.ParamExp:
					v, ok := param(q)
					if !ok {
						return nil, false
					}
					cur.WriteString(v)
				default:
					return nil, false
				}
			}
		case *syntax.ParamExp:
			v, ok := param(p)
			if !ok {
				return nil, false
			}
			if strings.ContainsAny(v, "*?[") {
				return nil, false
			}
			// Field splitting on the default IFS: blanks around the value
			// end the word before it and start a new one after it.
			for i, f := range strings.Fields(v) {
				if i > 0 || strings.IndexAny(v[:1], " \t\n") == 0 {
					flush()
				}
				cur.WriteString(f)
				open = true
			}
			if v != "" && strings.ContainsAny(v[len(v)-1:], " \t\n") {
				flush()
			}
		default:
			return nil, false
		}
	}
	flush()
	return fields, true
}
