package dockerfile

import (
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// commandCache memoizes Instruction.Calls and Instruction.Commands, which
// come from one walk of the script; rules of one unit may ask for them
// concurrently.
type commandCache struct {
	once  sync.Once
	calls []Call
	cmds  []Command
}

// walked walks the instruction's script once for both Calls and Commands.
func (in *Instruction) walked() *commandCache {
	if in.Shell() == nil || in.shell.File == nil || in.commands == nil {
		return nil
	}
	c := in.commands
	c.once.Do(func() {
		sw := walkers.Get().(*shellWalker)
		sw.stmts(in.shell, in.shell.File.Stmts, 0)
		c.calls, c.cmds = sw.results()
		sw.release()
	})
	return c
}

// walkers recycles the walkers' scratch slices: the calls, commands and
// words of a script collect there and are copied out at their final size.
var walkers = sync.Pool{New: func() any { return &shellWalker{} }}

// results copies the calls and commands out of the scratch slices, sorted
// in source order, with the calls' words in one allocation.
func (sw *shellWalker) results() ([]Call, []Command) {
	var calls []Call
	if len(sw.calls) > 0 {
		// Never nil, even when empty, like the words of a call without
		// arguments.
		words := make([]CmdWord, len(sw.words))
		copy(words, sw.words)
		calls = make([]Call, len(sw.calls))
		for i := range sw.calls {
			calls[i] = sw.calls[i]
			// Capped so that appending to one call's words cannot write
			// into another's.
			r := sw.wordRanges[i]
			calls[i].Words = words[r.lo:r.hi:r.hi]
		}
		slices.SortStableFunc(calls, func(a, b Call) int { return a.NameSpan.Start - b.NameSpan.Start })
	}
	var cmds []Command
	if len(sw.cmds) > 0 {
		cmds = slices.Clone(sw.cmds)
		slices.SortStableFunc(cmds, func(a, b Command) int { return a.Span.Start - b.Span.Start })
		// Each command embeds the call of its program: the last call
		// recorded for its syntax node, after the wrappers'.
		program := make(map[*syntax.CallExpr]int, len(calls))
		for i := range calls {
			program[calls[i].Expr] = i
		}
		for i := range cmds {
			c := &cmds[i]
			if j, ok := program[c.Expr]; ok {
				c.Call = calls[j]
			}
			if r := c.Runner; r != nil {
				if j, ok := program[r.Expr]; ok {
					r.Call = calls[j] // the runner is this command's alone
				}
			}
		}
	}
	return calls, cmds
}

// release empties the walker, keeping its room, and returns it to the pool.
func (sw *shellWalker) release() {
	clear(sw.calls)
	clear(sw.cmds)
	clear(sw.words)
	sw.calls, sw.cmds, sw.words, sw.wordRanges = sw.calls[:0], sw.cmds[:0], sw.words[:0], sw.wordRanges[:0]
	sw.pipelines, sw.sequences = 0, 0
	sw.subScript, sw.subDepth = nil, 0
	if sw.parser != nil {
		shellParsers.Put(sw.parser)
		sw.parser = nil
	}
	walkers.Put(sw)
}

// maxNesting bounds how deep `sh -c` strings and heredocs are parsed.
const maxNesting = 4

// shellWalker visits every simple command of a script and of the scripts
// nested in it, recording each as Calls and recognising the installers and
// remote scripts among them as Commands. It follows the command structures
// directly and words only for their substitutions (a walk of every node
// would cost several times more).
type shellWalker struct {
	calls []Call
	cmds  []Command
	// words holds the words of every call; wordRanges[i] says which are
	// calls[i]'s (its Words are set when the calls are copied out).
	words      []CmdWord
	wordRanges []wordRange
	parser     *syntax.Parser
	// visit is the syntax.Walk callback of substitutions, which walks the
	// words of subScript at subDepth.
	visit     func(syntax.Node) bool
	subScript *Script
	subDepth  int
	pipelines int
	sequences int
}

// wordRange is the range [lo, hi) of shellWalker.words.
type wordRange struct{ lo, hi int }

// where says which pipeline and list element a statement belongs to.
type where struct {
	pipeline, sequence int
	inPipe             bool
	// stage is set for a statement that is a stage of a pipe already
	// searched for a remote script as a whole.
	stage bool
}

func (sw *shellWalker) stmts(sc *Script, list []*syntax.Stmt, depth int) {
	for _, st := range list {
		sw.element(sc, st, depth)
	}
}

// element visits a statement that is an element of a list of its own.
func (sw *shellWalker) element(sc *Script, st *syntax.Stmt, depth int) {
	if st == nil {
		return
	}
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.AndStmt || b.Op == syntax.OrStmt) {
		sw.element(sc, b.X, depth)
		sw.element(sc, b.Y, depth)
		return
	}
	sw.sequences++
	sw.pipelines++
	w := where{pipeline: sw.pipelines, sequence: sw.sequences}
	if b, ok := st.Cmd.(*syntax.BinaryCmd); ok && isPipe(b.Op) {
		w.inPipe = true
	}
	sw.stmt(sc, st, w, depth)
}

func (sw *shellWalker) stmt(sc *Script, st *syntax.Stmt, w where, depth int) {
	if st == nil {
		return
	}
	stage := w.stage
	w.stage = false
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		sw.call(sc, st, c, w, depth)
	case *syntax.BinaryCmd:
		if isPipe(c.Op) {
			if !stage {
				sw.pipeline(sc, c)
			}
			w.stage = true
			sw.stmt(sc, c.X, w, depth)
			sw.stmt(sc, c.Y, w, depth)
		} else {
			// && or || inside a pipe stage: `{ a && b; } | c` is parsed as a
			// block, but `a && b | c` puts the pipe on the right.
			sw.element(sc, c.X, depth)
			sw.element(sc, c.Y, depth)
		}
	case *syntax.Subshell:
		sw.inner(sc, c.Stmts, w, depth)
	case *syntax.Block:
		sw.inner(sc, c.Stmts, w, depth)
	case *syntax.IfClause:
		for ic := c; ic != nil; ic = ic.Else {
			sw.inner(sc, ic.Cond, w, depth)
			sw.inner(sc, ic.Then, w, depth)
		}
	case *syntax.WhileClause:
		sw.inner(sc, c.Cond, w, depth)
		sw.inner(sc, c.Do, w, depth)
	case *syntax.ForClause:
		sw.substitutions(sc, c.Loop, depth)
		sw.inner(sc, c.Do, w, depth)
	case *syntax.CaseClause:
		sw.word(sc, c.Word, depth)
		for _, item := range c.Items {
			sw.inner(sc, item.Stmts, w, depth)
		}
	case *syntax.FuncDecl:
		sw.element(sc, c.Body, depth)
	case *syntax.TimeClause:
		sw.stmt(sc, c.Stmt, w, depth)
	case *syntax.CoprocClause:
		sw.stmt(sc, c.Stmt, w, depth)
	case *syntax.TestDecl:
		sw.element(sc, c.Body, depth)
	case nil:
	default: // declarations, [[ ]], (( )), let: substitutions only
		sw.substitutions(sc, c, depth)
	}
	for _, r := range st.Redirs {
		sw.word(sc, r.Word, depth)
		sw.word(sc, r.Hdoc, depth)
	}
}

// inner visits the statement list of a compound command: a single
// statement stays in the compound's pipeline (`{ a; } | b`), several get
// their own list elements.
func (sw *shellWalker) inner(sc *Script, list []*syntax.Stmt, w where, depth int) {
	if len(list) == 1 && w.inPipe {
		sw.stmt(sc, list[0], w, depth)
		return
	}
	sw.stmts(sc, list, depth)
}

// word visits the statements in the substitutions of w.
func (sw *shellWalker) word(sc *Script, w *syntax.Word, depth int) {
	if w != nil && !literalParts(w) {
		sw.substitutions(sc, w, depth)
	}
}

// substitutions visits the statements of the $(…), `…` and <(…) in n.
func (sw *shellWalker) substitutions(sc *Script, n syntax.Node, depth int) {
	if n == nil {
		return
	}
	if sw.visit == nil {
		// One closure per walker, not one per word: it reads the script
		// and depth from the walker, set around each walk.
		sw.visit = func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.CmdSubst:
				sw.stmts(sw.subScript, n.Stmts, sw.subDepth)
				return false
			case *syntax.ProcSubst:
				sw.stmts(sw.subScript, n.Stmts, sw.subDepth)
				return false
			case *syntax.Lit, *syntax.SglQuoted:
				return false
			}
			return true
		}
	}
	outerScript, outerDepth := sw.subScript, sw.subDepth
	sw.subScript, sw.subDepth = sc, depth
	syntax.Walk(n, sw.visit)
	sw.subScript, sw.subDepth = outerScript, outerDepth
}

func isPipe(op syntax.BinCmdOperator) bool { return op == syntax.Pipe || op == syntax.PipeAll }

// call records the wrappers and the program of one simple command,
// recognises the program, then visits the commands inside its words and,
// for a shell, its script.
func (sw *shellWalker) call(sc *Script, st *syntax.Stmt, call *syntax.CallExpr, w where, depth int) {
	var uw unwrapped
	uw.fill(sc, call)
	u := &uw
	sw.record(sc, call, u, w)
	if u.prog >= 0 {
		sw.recognise(sc, st, u)
	}
	for _, a := range call.Assigns {
		sw.substitutions(sc, a, depth)
	}
	for _, a := range call.Args {
		sw.word(sc, a, depth)
	}
	if u.prog >= 0 && isShell(u.base) && depth < maxNesting {
		sw.shell(sc, st, call.Args[u.prog+1:], depth)
	}
}

// record appends a Call for each wrapper of call, then one for the
// program if there is one.
func (sw *shellWalker) record(sc *Script, call *syntax.CallExpr, u *unwrapped, w where) {
	n := len(u.wrappers)
	if u.prog >= 0 {
		n++
	}
	if n == 0 {
		return
	}
	whole := sc.Span(call)
	// The words of each wrapper and of the program are suffixes of the
	// words after the first of them: read those once and share them.
	first := u.prog
	if len(u.wrappers) > 0 {
		first = u.wrappers[0]
	}
	base0 := len(sw.words)
	for _, a := range call.Args[first+1:] {
		rw := readWord(sc, a)
		sw.words = append(sw.words, CmdWord{Value: rw.s, Span: sc.Span(a), Literal: rw.lit})
	}
	end := len(sw.words)
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
		nameSpan := sc.Span(call.Args[i])
		span := whole
		if k > 0 {
			span.Start = nameSpan.Start
		}
		sw.calls = append(sw.calls, Call{
			Name: base, Script: sc, Expr: call, Span: span, NameSpan: nameSpan,
			Wrapped: k > 0, Pipeline: w.pipeline, InPipe: w.inPipe,
			Sequence: w.sequence, args: call.Args[i+1:],
		})
		sw.wordRanges = append(sw.wordRanges, wordRange{base0 + i - first, end})
	}
}

// shell walks the script of `sh -c '…'` or of a heredoc on a shell's stdin.
func (sw *shellWalker) shell(sc *Script, st *syntax.Stmt, rest []*syntax.Word, depth int) {
	inv := shellArgs(sc, rest)
	if inv.command != nil {
		if t, ok := wordText(sc, inv.command); ok {
			sw.nested(t, depth)
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
			// The heredoc word runs to the end of the terminator: keep the
			// body's lines only.
			body := strings.LastIndexByte(sc.Src[start:end], '\n')
			if body < 0 {
				continue
			}
			t := &text{}
			t.addText(sc.t, start, start+body+1)
			t.end = sc.t.offset(start + body + 1)
			sw.nested(t, depth)
		}
	}
}

// nested parses t as a shell script and walks it.
func (sw *shellWalker) nested(t *text, depth int) {
	if sw.parser == nil {
		sw.parser = shellParsers.Get().(*syntax.Parser)
	}
	inner := &Script{}
	parseScript(inner, sw.parser, t, t.s, nil)
	if inner.File == nil {
		return
	}
	sw.stmts(inner, inner.File.Stmts, depth+1)
}
