package dockerfile

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"mvdan.cc/sh/v3/syntax"
)

// Script is the shell of one instruction parsed by mvdan.cc/sh. Every node's
// offset maps back to the Dockerfile through Span and Offset.
type Script struct {
	// File is the syntax tree; nil when the script did not parse.
	File *syntax.File
	// Err is the shell parse error, if any. A script BuildKit accepts may
	// still be invalid shell (or another language behind a shebang).
	Err error
	// Src is the text given to the shell parser.
	Src string
	// Heredoc is set when the script is the body of a `RUN <<EOF` heredoc.
	Heredoc *Heredoc
	t       *text
	own     text // what t points to for the instruction's own script
}

// Offset maps a shell position to a byte offset in the Dockerfile.
func (s *Script) Offset(p syntax.Pos) int {
	return s.t.span(int(p.Offset()), int(p.Offset())+1).Start
}

// Span maps a shell node to its span in the Dockerfile.
func (s *Script) Span(n syntax.Node) Span {
	return s.SpanOf(n.Pos(), n.End())
}

// SpanOf maps the shell range [start, end) to the Dockerfile.
func (s *Script) SpanOf(start, end syntax.Pos) Span {
	if !start.IsValid() {
		return Span{}
	}
	i := int(start.Offset())
	j := i + 1
	if end.IsValid() && int(end.Offset()) > i {
		j = int(end.Offset())
	}
	return s.t.span(i, j)
}

// shellForm reports whether the instruction's shell form runs through a
// shell: RUN, CMD, ENTRYPOINT and HEALTHCHECK.
func shellForm(in *Instruction) bool {
	return !in.JSON && (in.kw == kwRun || in.kw == kwCmd || in.kw == kwEntrypoint || in.kw == kwHealthcheck)
}

// parseShell builds the Script of a shell-form RUN, CMD, ENTRYPOINT or
// HEALTHCHECK CMD with the file's reusable shell parser p.
func (f *File) parseShell(p *syntax.Parser, in *Instruction) {
	if !shellForm(in) {
		return
	}
	run := in.kw == kwRun
	lt := in.logical
	s := lt.s
	n := trimSpacesRight(s, in.argsAt, len(s))
	at := in.argsAt
	if in.kw == kwHealthcheck {
		i, ok := healthcheckCmd(s, at, n)
		if !ok {
			return
		}
		at = i
	}
	sc, cache := &Script{}, &commandCache{}
	t := &sc.own
	var heredoc *Heredoc
	switch {
	case len(in.Heredocs) > 0 && run && parser.MustParseHeredoc(s[at:n]) != nil:
		// `RUN <<EOF`: BuildKit runs the body itself as the script, or
		// executes it directly when it starts with a shebang.
		heredoc = &in.Heredocs[0]
		body := f.Src[heredoc.Body.Start:heredoc.Body.End]
		if heredoc.Chomp {
			body = bytes.TrimLeft(body, "\t")
		}
		if bytes.HasPrefix(body, []byte("#!")) && !shellShebang(body) {
			return // the block keeps an unused slot
		}
		t.add(f.Src, heredoc.Body.Start, heredoc.Body.End)
		t.end = heredoc.Body.End
	case len(in.Heredocs) > 0 && run:
		// The heredocs are part of the shell command: give the shell the
		// command line followed by the bodies and terminators, as BuildKit
		// reassembles them.
		t.addText(lt, at, len(s))
		first := in.Heredocs[0].Body.Start
		t.addByte('\n', first)
		last := in.Heredocs[len(in.Heredocs)-1].Terminator.End
		t.add(f.Src, first, last)
		t.end = last
	default:
		lt.sliceInto(t, at, len(s))
	}
	parseScript(sc, p, t, t.s, heredoc)
	in.shell = sc
	in.commands = cache
}

// parseScript fills sc with src, the contents of t, parsed as a shell
// script.
func parseScript(sc *Script, p *syntax.Parser, t *text, src string, heredoc *Heredoc) {
	sc.Src, sc.Heredoc, sc.t = src, heredoc, t
	file, err := p.Parse(strings.NewReader(sc.Src), "")
	if err != nil {
		sc.Err = err
	} else {
		compactWords(file)
		sc.File = file
	}
}

// compactWords moves the words of a short script made only of simple
// commands of plain words (`pip install x && echo done`) into storage of
// their own size. The shell parser hands words and literals out of blocks
// of 32 that a script keeps alive whole: about 2 KiB for a RUN of a few
// words, which on a file of many short RUNs is most of the memory the file
// takes. A script of more words wastes less than half a block, not worth
// a copy.
func compactWords(file *syntax.File) {
	const most = 16
	words := 0
	for _, st := range file.Stmts {
		n, ok := plainWords(st)
		if !ok {
			return
		}
		if words += n; words > most {
			return
		}
	}
	if words == 0 {
		return
	}
	type wordLit struct {
		word syntax.Word
		part [1]syntax.WordPart
		lit  syntax.Lit
	}
	store := make([]wordLit, words)
	var move func(st *syntax.Stmt)
	move = func(st *syntax.Stmt) {
		switch c := st.Cmd.(type) {
		case *syntax.CallExpr:
			for i, w := range c.Args {
				wl := &store[0]
				store = store[1:]
				wl.lit = *w.Parts[0].(*syntax.Lit)
				wl.part[0] = &wl.lit
				wl.word.Parts = wl.part[:]
				c.Args[i] = &wl.word
			}
		case *syntax.BinaryCmd:
			move(c.X)
			move(c.Y)
		}
	}
	for _, st := range file.Stmts {
		move(st)
	}
}

// plainWords counts the words of a statement made only of simple commands
// (joined by &&, || or pipes) whose words are each one literal, and
// reports whether it is one.
func plainWords(st *syntax.Stmt) (int, bool) {
	if st == nil || len(st.Redirs) > 0 || len(st.Comments) > 0 {
		return 0, false
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Assigns) > 0 {
			return 0, false
		}
		for _, w := range c.Args {
			if len(w.Parts) != 1 {
				return 0, false
			}
			if _, ok := w.Parts[0].(*syntax.Lit); !ok {
				return 0, false
			}
		}
		return len(c.Args), true
	case *syntax.BinaryCmd:
		x, ok := plainWords(c.X)
		if !ok {
			return 0, false
		}
		y, ok := plainWords(c.Y)
		return x + y, ok
	}
	return 0, false
}

// healthcheckCmd finds the command of `HEALTHCHECK [flags] CMD command`
// in s[at:n]: BuildKit's parseHealthConfig splits the type word off byte
// by byte. It reports false for HEALTHCHECK NONE.
func healthcheckCmd(s string, at, n int) (int, bool) {
	i := at
	for i < n && !isByteSpace(s[i]) {
		i++
	}
	if !strings.EqualFold(s[at:i], "cmd") {
		return 0, false
	}
	for i < n && isByteSpace(s[i]) {
		i++
	}
	return skipSpaces(s, i, n), true
}

// shellShebang reports whether the body's shebang line runs a shell:
// "#!/bin/sh -e", "#!/usr/bin/env bash", "#!/usr/bin/env -S bash -eux".
func shellShebang(body []byte) bool {
	line, _, _ := bytes.Cut(body, []byte("\n"))
	fields := strings.Fields(strings.TrimPrefix(string(line), "#!"))
	for i, f := range fields {
		base := f[strings.LastIndexByte(f, '/')+1:]
		if i == 0 && base == "env" || i > 0 && strings.HasPrefix(f, "-") {
			continue // env and its options
		}
		return isShell(base)
	}
	return false
}

// jsonWords reads the strings of an exec-form JSON array with their spans.
// BuildKit has already accepted the array, so a light scan finds the
// strings; only those with escapes go through the JSON decoder.
func jsonWords(t *text, at int) []Word {
	s := t.s
	i := at
	for i < len(s) && s[i] != '[' {
		i++
	}
	var words []Word
	for i++; i < len(s); i++ {
		switch s[i] {
		case ']':
			return words
		case '"':
		default:
			continue
		}
		start, escaped := i, false
		for i++; i < len(s) && s[i] != '"'; i++ {
			if s[i] == '\\' {
				escaped = true
				i++
			}
		}
		if i >= len(s) {
			break
		}
		raw := s[start : i+1]
		value := raw[1 : len(raw)-1]
		if escaped {
			if err := json.Unmarshal([]byte(raw), &value); err != nil {
				return words
			}
		}
		words = append(words, Word{Value: value, Span: t.span(start, i+1)})
	}
	return words
}

// SourceSpan maps the byte range [i, j) of Src to the Dockerfile, for
// positions found in Src by other means than the syntax tree (an external
// tool's report).
func (s *Script) SourceSpan(i, j int) Span {
	return s.t.span(i, j)
}
