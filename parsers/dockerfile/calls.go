package dockerfile

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Call is one simple command of an instruction's shell, whatever program
// it runs. A wrapped program (sudo apt-get, env X=1 pip) yields a Call for
// each wrapper and one for the program, the latter with Wrapped set.
type Call struct {
	// Name is the program's base name as written: "apt-get" for
	// /usr/bin/apt-get; "" when the program is named by an expansion
	// ("$PIP") without a literal name after it.
	Name string
	// Script is the tree Call belongs to: the instruction's Shell, or a
	// script parsed from an `sh -c '…'` string or a heredoc fed to a shell.
	Script *Script
	// Call is the call in Script's syntax tree; wrappers and the program
	// they run share it.
	Call *syntax.CallExpr
	// Span covers the whole call: its assignments and wrappers too for the
	// first program of the call, from the program word on for the others.
	Span     Span
	NameSpan Span
	// Words are the arguments after the name, in order, unquoted.
	Words []CmdWord
	// Wrapped is set when the program is run through a wrapper.
	Wrapped bool
	// Pipeline numbers the pipelines of the instruction in source order:
	// calls joined by | or |& share it.
	Pipeline int
	// InPipe is set when the call's pipeline has more than one command.
	InPipe bool
	// Sequence numbers the elements of &&, || and ; lists (and of the
	// statement lists of blocks, bodies and nested scripts) in source order.
	Sequence int

	args []*syntax.Word
}

// Flags splits the words GNU-style into options and operands: combined
// short options come split (-yq is -y -q), `--opt=value` carries its value,
// options listed in valueFlags take the next word (or, for a short option,
// the rest of its cluster), `--` ends the options. List "-n?" in
// valueFlags to read wget's -nv, -nc … as single options.
func (c *Call) Flags(valueFlags map[string]bool) ([]CmdFlag, []CmdWord) {
	return parseArgs(c.Script, c.args, flagTable(valueFlags))
}

// Sub returns the first word that is not an option: the subcommand of
// `apt-get -y install`. It does not know which options take a value.
func (c *Call) Sub() string {
	for _, w := range c.Words {
		if w.Value == "--" {
			continue
		}
		if len(w.Value) < 2 || w.Value[0] != '-' {
			return w.Value
		}
	}
	return ""
}

// Calls returns every simple command the instruction's shell runs, in
// source order, across &&, ||, ;, pipes, subshells, blocks, $(…), if,
// for, while and case bodies, function bodies, `sh -c '…'` strings and
// heredocs fed to a shell. It is nil when the instruction has no parsed
// script. The result is computed once and shared: do not modify it.
func (in *Instruction) Calls() []Call {
	if in.Shell() == nil || in.shell.File == nil || in.commands == nil {
		return nil
	}
	in.commands.callsOnce.Do(func() {
		var cw callWalker
		cw.stmts(in.shell, in.shell.File.Stmts, 0)
		slices.SortStableFunc(cw.out, func(a, b Call) int { return a.NameSpan.Start - b.NameSpan.Start })
		in.commands.calls = cw.out
	})
	return in.commands.calls
}

// HasPipe reports whether the instruction's own script (not a nested
// `sh -c` string or heredoc) joins commands with a pipe.
func (in *Instruction) HasPipe() bool {
	for _, c := range in.Calls() {
		if c.InPipe && c.Script == in.shell {
			return true
		}
	}
	return false
}

type callWalker struct {
	out       []Call
	parser    *syntax.Parser
	pipelines int
	sequences int
}

// where says which pipeline and list element a statement belongs to.
type where struct {
	pipeline, sequence int
	inPipe             bool
}

func (cw *callWalker) stmts(sc *Script, list []*syntax.Stmt, depth int) {
	for _, st := range list {
		cw.element(sc, st, depth)
	}
}

// element visits a statement that is an element of a list of its own.
func (cw *callWalker) element(sc *Script, st *syntax.Stmt, depth int) {
	if st == nil {
		return
	}
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.AndStmt || b.Op == syntax.OrStmt) {
		cw.element(sc, b.X, depth)
		cw.element(sc, b.Y, depth)
		return
	}
	cw.sequences++
	cw.pipelines++
	w := where{pipeline: cw.pipelines, sequence: cw.sequences}
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && isPipe(b.Op) {
		w.inPipe = true
	}
	cw.stmt(sc, st, w, depth)
}

func (cw *callWalker) stmt(sc *Script, st *syntax.Stmt, w where, depth int) {
	if st == nil {
		return
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		cw.call(sc, st, c, w, depth)
	case *syntax.BinaryCmd:
		if isPipe(c.Op) {
			cw.stmt(sc, c.X, w, depth)
			cw.stmt(sc, c.Y, w, depth)
		} else {
			// && or || inside a pipe stage: `{ a && b; } | c` is parsed as a
			// block, but `a && b | c` puts the pipe on the right.
			cw.element(sc, c.X, depth)
			cw.element(sc, c.Y, depth)
		}
	case *syntax.Subshell:
		cw.inner(sc, c.Stmts, w, depth)
	case *syntax.Block:
		cw.inner(sc, c.Stmts, w, depth)
	case *syntax.IfClause:
		for ic := c; ic != nil; ic = ic.Else {
			cw.inner(sc, ic.Cond, w, depth)
			cw.inner(sc, ic.Then, w, depth)
		}
	case *syntax.WhileClause:
		cw.inner(sc, c.Cond, w, depth)
		cw.inner(sc, c.Do, w, depth)
	case *syntax.ForClause:
		cw.substitutions(sc, c.Loop, depth)
		cw.inner(sc, c.Do, w, depth)
	case *syntax.CaseClause:
		cw.word(sc, c.Word, depth)
		for _, item := range c.Items {
			cw.inner(sc, item.Stmts, w, depth)
		}
	case *syntax.FuncDecl:
		cw.element(sc, c.Body, depth)
	case *syntax.TimeClause:
		cw.stmt(sc, c.Stmt, w, depth)
	case *syntax.CoprocClause:
		cw.stmt(sc, c.Stmt, w, depth)
	case *syntax.TestDecl:
		cw.element(sc, c.Body, depth)
	case nil:
	default:
		cw.substitutions(sc, c, depth)
	}
	for _, r := range st.Redirs {
		cw.word(sc, r.Word, depth)
		cw.word(sc, r.Hdoc, depth)
	}
}

// inner visits the statement list of a compound command: a single
// statement stays in the compound's pipeline (`{ a; } | b`), several get
// their own list elements.
func (cw *callWalker) inner(sc *Script, list []*syntax.Stmt, w where, depth int) {
	if len(list) == 1 && w.inPipe {
		cw.stmt(sc, list[0], w, depth)
		return
	}
	cw.stmts(sc, list, depth)
}

func (cw *callWalker) word(sc *Script, w *syntax.Word, depth int) {
	if w != nil && !literalParts(w) {
		cw.substitutions(sc, w, depth)
	}
}

func (cw *callWalker) substitutions(sc *Script, n syntax.Node, depth int) {
	if n == nil {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			cw.stmts(sc, n.Stmts, depth)
			return false
		case *syntax.ProcSubst:
			cw.stmts(sc, n.Stmts, depth)
			return false
		case *syntax.Lit, *syntax.SglQuoted:
			return false
		}
		return true
	})
}

// call records the wrappers and the program of one simple command, then
// the commands inside its words and, for a shell, its script.
func (cw *callWalker) call(sc *Script, st *syntax.Stmt, call *syntax.CallExpr, w where, depth int) {
	u := unwrapAll(sc, call)
	// The wrappers, then the program if there is one.
	n := len(u.wrappers)
	if u.prog >= 0 {
		n++
	}
	whole := sc.Span(call)
	for k := range n {
		i := u.prog
		if k < len(u.wrappers) {
			i = u.wrappers[k]
		}
		name, _ := wordString(sc, call.Args[i])
		base := name[strings.LastIndexByte(name, '/')+1:]
		if i == u.prog {
			base = u.base
		}
		words := make([]CmdWord, 0, len(call.Args)-i-1)
		for _, a := range call.Args[i+1:] {
			rw := readWord(sc, a)
			words = append(words, CmdWord{Value: rw.s, Span: sc.Span(a), Literal: rw.lit})
		}
		nameSpan := sc.Span(call.Args[i])
		span := whole
		if k > 0 {
			span.Start = nameSpan.Start
		}
		cw.out = append(cw.out, Call{
			Name: base, Script: sc, Call: call, Span: span, NameSpan: nameSpan,
			Words: words, Wrapped: k > 0, Pipeline: w.pipeline, InPipe: w.inPipe,
			Sequence: w.sequence, args: call.Args[i+1:],
		})
	}
	for _, a := range call.Assigns {
		cw.substitutions(sc, a, depth)
	}
	for _, a := range call.Args {
		cw.word(sc, a, depth)
	}
	if u.prog >= 0 && shells[u.base] && depth < maxNesting {
		cw.shell(sc, st, call.Args[u.prog+1:], depth)
	}
}

// shell scans the script of `sh -c '…'` or of a heredoc on a shell's stdin.
func (cw *callWalker) shell(sc *Script, st *syntax.Stmt, rest []*syntax.Word, depth int) {
	inv := shellArgs(sc, rest)
	if inv.command != nil {
		if t, ok := wordText(sc, inv.command); ok {
			cw.nested(t, depth)
		}
		return
	}
	if len(inv.operands) > 0 && !inv.stdin {
		return
	}
	for _, r := range st.Redirs {
		if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil && (r.N == nil || r.N.Value == "0") {
			start, end := int(r.Hdoc.Pos().Offset()), int(r.Hdoc.End().Offset())
			if start >= end || end > len(sc.Src) {
				continue
			}
			body := strings.LastIndexByte(sc.Src[start:end], '\n')
			if body < 0 {
				continue
			}
			t := &text{}
			t.addText(sc.t, start, start+body+1)
			t.end = sc.t.offset(start + body + 1)
			cw.nested(t, depth)
		}
	}
}

func (cw *callWalker) nested(t *text, depth int) {
	if cw.parser == nil {
		cw.parser = syntax.NewParser(syntax.Variant(syntax.LangBash))
	}
	inner := &Script{}
	parseScript(inner, cw.parser, t, t.s, nil)
	if inner.File == nil {
		return
	}
	cw.stmts(inner, inner.File.Stmts, depth+1)
}
