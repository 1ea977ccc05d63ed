package dockerfile

import "mvdan.cc/sh/v3/syntax"

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
	// Expr is the call in Script's syntax tree; wrappers and the program
	// they run share it.
	Expr *syntax.CallExpr
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
// options for which valueFlag is true take the next word (or, for a short
// option, the rest of its cluster), `--` ends the options; a nil valueFlag
// knows no such option. A valueFlag true for "-n?" reads wget's -nv, -nc …
// as single options. A predicate rather than a set: the rules' option
// tables are switch statements, which cost nothing at start-up.
func (c *Call) Flags(valueFlag func(name string) bool) ([]CmdFlag, []CmdWord) {
	if valueFlag == nil {
		valueFlag = noValueFlag
	}
	return parseArgs(c.Script, c.args, valueFlag)
}

func noValueFlag(string) bool { return false }

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
	if c := in.walked(); c != nil {
		return c.calls
	}
	return nil
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

// Command reads the call as a command of no Kind: its words split by Flags
// into options and operands. Rules read the package managers the commands
// layer does not recognise (yum, zypper, npm) this way, in the one command
// representation. Name is Call.Name, the program's base name.
func (c *Call) Command(valueFlag func(name string) bool) Command {
	flags, args := c.Flags(valueFlag)
	return Command{Call: *c, Name: c.Name, Span: Span{Start: c.NameSpan.Start, End: c.Span.End}, Flags: flags, Args: args}
}
