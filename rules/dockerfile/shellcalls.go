package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"mvdan.cc/sh/v3/syntax"
)

// shellCall is one simple command of a RUN's shell seen through sudo and
// env: its words as literal strings ("" for words with expansions).
type shellCall struct {
	call  *syntax.CallExpr
	words []string
	first int // index in call.Args of the program
}

// shellCalls lists the simple commands of the instruction's own script
// (not those inside `sh -c` strings), in source order.
func shellCalls(in *df.Instruction) []shellCall {
	sc := in.Shell()
	if sc == nil || sc.File == nil {
		return nil
	}
	var out []shellCall
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		words := make([]string, len(call.Args))
		for i, w := range call.Args {
			words[i] = unquotedLit(w)
		}
		first := 0
		for first < len(words) {
			wd := words[first]
			base := wd[strings.LastIndexByte(wd, '/')+1:]
			if base != "sudo" && base != "env" && !isEnvAssign(wd) && (first == 0 || !strings.HasPrefix(wd, "-")) {
				break
			}
			first++
		}
		if first < len(words) {
			out = append(out, shellCall{call: call, words: words, first: first})
		}
		return true
	})
	return out
}

func isEnvAssign(s string) bool {
	k, _, ok := strings.Cut(s, "=")
	return ok && k != "" && !strings.ContainsAny(k, "-/. ")
}

// unquotedLit is the value of a word made of literals and quotes only, ""
// otherwise.
func unquotedLit(w *syntax.Word) string {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(strings.ReplaceAll(p.Value, "\\", ""))
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return ""
				}
				b.WriteString(l.Value)
			}
		default:
			return ""
		}
	}
	return b.String()
}

// program is the base name of the call's program.
func (s shellCall) program() string {
	p := s.words[s.first]
	return p[strings.LastIndexByte(p, '/')+1:]
}

// args are the words after the program.
func (s shellCall) args() []string { return s.words[s.first+1:] }
