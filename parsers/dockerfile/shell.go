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

// shellForms are the instructions whose shell form runs through a shell.
var shellForms = map[string]bool{"run": true, "cmd": true, "entrypoint": true, "healthcheck": true}

// parseShell builds the Script of a shell-form RUN, CMD, ENTRYPOINT or
// HEALTHCHECK CMD with the file's reusable shell parser p.
func (f *File) parseShell(p *syntax.Parser, in *Instruction) {
	kw := strings.ToLower(in.Keyword)
	if !shellForms[kw] || in.JSON {
		return
	}
	lt := in.logical
	s := lt.s
	n := trimSpacesRight(s, in.argsAt, len(s))
	at := in.argsAt
	if kw == "healthcheck" {
		i, ok := healthcheckCmd(s, at, n)
		if !ok {
			return
		}
		at = i
	}
	t := &text{}
	var heredoc *Heredoc
	switch {
	case len(in.Heredocs) > 0 && kw == "run" && parser.MustParseHeredoc(string(s[at:n])) != nil:
		// `RUN <<EOF`: BuildKit runs the body itself as the script, or
		// executes it directly when it starts with a shebang.
		heredoc = &in.Heredocs[0]
		body := f.Src[heredoc.Body.Start:heredoc.Body.End]
		if heredoc.Chomp {
			body = bytes.TrimLeft(body, "\t")
		}
		if bytes.HasPrefix(body, []byte("#!")) && !shellShebang(body) {
			return
		}
		t.add(f.Src, heredoc.Body.Start, heredoc.Body.End)
		t.end = heredoc.Body.End
	case len(in.Heredocs) > 0 && kw == "run":
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
		t.addText(lt, at, len(s))
		t.end = lt.end
	}
	in.Shell = newScript(p, t, heredoc)
	in.commands = &commandCache{}
}

// newScript parses the text t as a shell script.
func newScript(p *syntax.Parser, t *text, heredoc *Heredoc) *Script {
	sc := &Script{Src: string(t.s), Heredoc: heredoc, t: t}
	file, err := p.Parse(strings.NewReader(sc.Src), "")
	if err != nil {
		sc.Err = err
	} else {
		sc.File = file
	}
	return sc
}

// healthcheckCmd finds the command of `HEALTHCHECK [flags] CMD command`
// in s[at:n]: BuildKit's parseHealthConfig splits the type word off byte
// by byte. It reports false for HEALTHCHECK NONE.
func healthcheckCmd(s []byte, at, n int) (int, bool) {
	i := at
	for i < n && !isByteSpace(s[i]) {
		i++
	}
	if !strings.EqualFold(string(s[at:i]), "cmd") {
		return 0, false
	}
	for i < n && isByteSpace(s[i]) {
		i++
	}
	return skipSpaces(s, i, n), true
}

func shellShebang(body []byte) bool {
	line, _, _ := bytes.Cut(body, []byte("\n"))
	for _, sh := range []string{"/sh", "/bash", " sh", " bash", "/dash", "/ash"} {
		if bytes.HasSuffix(bytes.TrimSpace(line), []byte(sh)) {
			return true
		}
	}
	return false
}

// jsonWords reads the strings of an exec-form JSON array with their spans.
func jsonWords(t *text, at int) []Word {
	s := t.s[at:]
	dec := json.NewDecoder(bytes.NewReader(s))
	var words []Word
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil
	}
	for dec.More() {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return words
		}
		str, ok := tok.(string)
		if !ok {
			continue
		}
		// InputOffset before the token may sit before the separating comma.
		for start < len(s) && (isSpace(s[start]) || s[start] == ',') {
			start++
		}
		end := int(dec.InputOffset())
		words = append(words, Word{Value: str, Span: t.span(at+start, at+end)})
	}
	return words
}
