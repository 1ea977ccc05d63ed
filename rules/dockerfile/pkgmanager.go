package dockerfile

import (
	"slices"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// pmCall is one call of a package manager read as a Command
// (df.Call.Command): its options, its subcommand (the first operand) and
// the operands after it.
type pmCall struct {
	df.Command
	in *df.Instruction
}

// sub is the subcommand.
func (p *pmCall) sub() df.CmdWord { return p.Args[0] }

// ops are the operands after the subcommand.
func (p *pmCall) ops() []df.CmdWord { return p.Args[1:] }

// eachPMCall calls fn for every call of one of progs in the RUNs of f,
// those wrapped by ONBUILD included, whose subcommand is one of subs;
// valueFlag says which options take the next word.
func eachPMCall(f *df.File, progs, subs []string, valueFlag func(string) bool, fn func(p *pmCall)) {
	eachRun(f, true, func(in *df.Instruction) {
		if !mentionsAny(f, in, progs) || !mentionsAny(f, in, subs) {
			return // see runCallsNaming: skip the shell parse
		}
		calls := runCalls(in)
		for i := range calls {
			if p, ok := readPMCall(in, &calls[i], progs, subs, valueFlag); ok {
				fn(p)
			}
		}
	})
}

func readPMCall(in *df.Instruction, c *df.Call, progs, subs []string, valueFlag func(string) bool) (*pmCall, bool) {
	if !oneOf(c.Name, progs...) {
		return nil, false
	}
	cmd := c.Command(valueFlag)
	if len(cmd.Args) == 0 || !oneOf(cmd.Args[0].Value, subs...) {
		return nil, false
	}
	return &pmCall{Command: cmd, in: in}, true
}

func oneOf(s string, list ...string) bool {
	return slices.Contains(list, s)
}

// head is the span from the program to the end of the subcommand.
func (p *pmCall) head() df.Span {
	return df.Span{Start: p.NameSpan.Start, End: p.sub().Span.End}
}

// insertAfter is a fix inserting text right after sp.
func insertAfter(f *df.File, sp df.Span, desc, text string) *analysis.SuggestedFix {
	return lint.Replace(f, desc, df.Span{Start: sp.End, End: sp.End}, text)
}

// laterCall reports whether a call after pos in the same instruction
// satisfies match.
func laterCall(in *df.Instruction, pos int, match func(c *df.Call) bool) bool {
	calls := runCalls(in)
	for i := range calls {
		if calls[i].NameSpan.Start > pos && match(&calls[i]) {
			return true
		}
	}
	return false
}

// isCall reports whether c is `prog w1 w2 …` with exactly those leading
// operands (options anywhere are ignored).
func isCall(c *df.Call, prog string, words ...string) bool {
	if c.Name != prog {
		return false
	}
	_, ops := c.Flags(nil)
	if len(ops) < len(words) {
		return false
	}
	for i, w := range words {
		if ops[i].Value != w {
			return false
		}
	}
	return true
}

// removes reports whether c is an rm of a path under one of dirs.
func removes(c *df.Call, dirs ...string) bool {
	if c.Name != "rm" {
		return false
	}
	_, ops := c.Flags(nil)
	for _, o := range ops {
		for _, d := range dirs {
			if strings.HasPrefix(o.Value, d) {
				return true
			}
		}
	}
	return false
}

// rpmPinned is hadolint's reading of a yum/dnf package operand as pinned:
// after the name's first dash, every dash-separated part uses only
// [A-Za-z0-9.~^_:+] and at least one starts with a digit.
func rpmPinned(pkg string) bool {
	_, rest, ok := strings.Cut(pkg, "-")
	if !ok {
		return false
	}
	digit := false
	for part := range strings.SplitSeq(rest, "-") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !rpmVersionRune(r) {
				return false
			}
		}
		if part[0] >= '0' && part[0] <= '9' {
			digit = true
		}
	}
	return digit
}

func rpmVersionRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".~^_:+", r)
}
