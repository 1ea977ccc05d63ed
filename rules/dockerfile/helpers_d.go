package dockerfile

import (
	"bytes"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

// eachInstall calls fn for every recognised installer of one of kinds in
// the RUN instructions of f, those wrapped by ONBUILD included.
func eachInstall(f *df.File, fn func(in *df.Instruction, c *df.Command), kinds ...df.Kind) {
	f.Walk(func(in *df.Instruction) {
		if !in.Is("RUN") || !mayInstall(f, in, kinds) {
			return
		}
		cmds := in.Commands()
		for i := range cmds {
			for _, k := range kinds {
				if cmds[i].Kind == k {
					fn(in, &cmds[i])
					break
				}
			}
		}
	})
}

// mayInstall reports whether the text of in can run an installer of one of
// kinds, a test that spares most RUNs their shell parse. A command's
// program and subcommand are written in that text: pip (pip3.12, python -m
// pip, -mpip, $VENV/bin/pip) as part of a word, apt-get and apk and the
// subcommands as words of their own; only names split by quotes or escapes
// are missed. Other kinds are always possible.
func mayInstall(f *df.File, in *df.Instruction, kinds []df.Kind) bool {
	for _, k := range kinds {
		switch k {
		case df.PipInstall:
			if bytes.Contains(f.Src[in.Span.Start:in.Span.End], []byte("pip")) && f.MentionsWord(in, "install") {
				return true
			}
		case df.AptGetInstall:
			if f.MentionsWord(in, "apt-get") && f.MentionsWord(in, "install") {
				return true
			}
		case df.ApkAdd:
			if f.MentionsWord(in, "apk") && f.MentionsWord(in, "add") {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// subcommandSpan is the span of the subcommand word (install, add) of c:
// the first word after the program whose text is sub.
func subcommandSpan(c *df.Command, sub string) (df.Span, bool) {
	for _, w := range c.Call.Args {
		sp := c.Script.Span(w)
		if sp.Start <= c.Span.Start {
			continue
		}
		if w.Lit() == sub {
			return sp, true
		}
	}
	return df.Span{}, false
}

// insertAfterSubcommand is a fix inserting text right after the
// subcommand word of c; nil when the word cannot be found.
func insertAfterSubcommand(f *df.File, c *df.Command, sub, desc, text string) *analysis.SuggestedFix {
	sp, ok := subcommandSpan(c, sub)
	if !ok {
		return nil
	}
	return lint.Replace(f, desc, df.Span{Start: sp.End, End: sp.End}, text)
}

// headSpan is the span from the program to the end of its subcommand word
// ("apt-get install", "apk --quiet add"), or the whole call without one.
func headSpan(c *df.Command, sub string) df.Span {
	if sp, ok := subcommandSpan(c, sub); ok {
		return df.Span{Start: c.Span.Start, End: sp.End}
	}
	return c.Span
}

// runMount is one `--mount` of a RUN.
type runMount struct{ Type, Target string }

// runMounts reads the --mount flags of a RUN; type defaults to bind as in
// BuildKit.
func runMounts(in *df.Instruction) []runMount {
	var ms []runMount
	for _, fl := range in.Flags {
		if fl.Name != "mount" {
			continue
		}
		m := runMount{Type: "bind"}
		for field := range strings.SplitSeq(fl.Value, ",") {
			k, v, _ := strings.Cut(field, "=")
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "type":
				m.Type = strings.ToLower(v)
			case "target", "dst", "destination":
				m.Target = strings.TrimRight(v, "/")
			}
		}
		ms = append(ms, m)
	}
	return ms
}

// hasCacheMount reports whether in mounts a cache or tmpfs at a target
// for which match is true.
func hasCacheMount(in *df.Instruction, match func(target string) bool) bool {
	for _, m := range runMounts(in) {
		if (m.Type == "cache" || m.Type == "tmpfs") && match(m.Target) {
			return true
		}
	}
	return false
}

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

// shellMentions reports whether a word of the instruction's own script may
// read as word: a cheap test that lets rules skip shellCalls for the many
// scripts that cannot run the program they look for. The script is built
// from the instruction's text (continuations dropped, heredocs joined), so
// that text is tested first, without parsing the shell.
func shellMentions(f *df.File, in *df.Instruction, word string) bool {
	if !mayContain(f.Src[in.Span.Start:in.Span.End], word) {
		return false
	}
	sc := in.Shell()
	return sc != nil && sc.File != nil && mayContain(sc.Src, word)
}

// quoting holds the bytes a shell word's source may have that its
// unquotedLit value drops: quotes, the $ of $'…', backslashes and the
// line breaks of continuations.
const quoting = "'\"$\\\r\n"

// mayContain reports whether src, with any of the quoting bytes dropped,
// contains word (which holds none of them). It never misses a word whose
// unquoted value contains word; it may report a word that is not there.
func mayContain[S string | []byte](src S, word string) bool {
	var plain, quoted bool
	switch s := any(src).(type) {
	case string:
		plain, quoted = strings.Contains(s, word), strings.ContainsAny(s, quoting)
	case []byte:
		plain, quoted = bytes.Contains(s, []byte(word)), bytes.ContainsAny(s, quoting)
	}
	if plain {
		return true
	}
	if word == "" || !quoted {
		return false
	}
next:
	for i := range len(src) {
		if src[i] != word[0] {
			continue
		}
		k := 0
		for j := i; j < len(src) && k < len(word); j++ {
			switch {
			case src[j] == word[k]:
				k++
			case strings.IndexByte(quoting, src[j]) < 0:
				continue next
			}
		}
		if k == len(word) {
			return true
		}
	}
	return false
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
