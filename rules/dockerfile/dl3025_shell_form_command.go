package dockerfile

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

//go:embed dl3025_shell_form_command.md
var dl3025Doc string

// DL3025 flags CMD and ENTRYPOINT in shell form. HEALTHCHECK CMD is left
// alone: its shell form is Docker's documented idiom, and the rationale (a
// shell as PID 1 keeps SIGTERM from the program) does not apply to a probe
// that runs beside the main process.
var DL3025 = &lint.Rule{
	Code: "DL3025", Name: "shell-form-command", Category: "dockerfile", Severity: lint.Warning,
	Aliases:  []string{"BK007"},
	Fix:      lint.UnsafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3025",
	Doc:      dl3025Doc,
	Requires: needsDockerfile,
	Run:      runDL3025,
}

func runDL3025(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if in.JSON || !in.Is("CMD") && !in.Is("ENTRYPOINT") {
			continue
		}
		sp := in.ArgsSpan
		if sp.Len() <= 0 {
			continue
		}
		lint.Report(pass, f, sp, strings.ToUpper(in.Keyword)+" is in shell form; use the JSON exec form", execFormFix(f, in, sp))
	}
	return nil, nil
}

// isShellOnly reports whether a word is a builtin or keyword, no program:
// as the first word of an exec-form array it would not be found.
func isShellOnly(name string) bool {
	switch name {
	case ".", ":", "alias", "break", "builtin", "cd", "command", "continue", "declare", "eval", "exec",
		"exit", "export", "let", "local", "read", "readonly", "return", "set", "shift", "source",
		"trap", "ulimit", "umask", "unset", "wait":
		return true
	}
	return false
}

// execFormFix rewrites sp, the shell-form command, as a JSON array when the
// script is one simple command of plain literal words.
func execFormFix(f *df.File, in *df.Instruction, sp df.Span) *analysis.SuggestedFix {
	sc := in.Shell()
	if sc == nil || sc.File == nil || len(in.Heredocs) > 0 || len(sc.File.Stmts) != 1 || spanHasCommentLine(f, sp) {
		return nil
	}
	st := sc.File.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || st.Negated || st.Background || st.Coprocess || len(st.Redirs) > 0 || len(call.Assigns) > 0 || len(call.Args) == 0 {
		return nil
	}
	argv := make([]string, 0, len(call.Args))
	for _, w := range call.Args {
		s, ok := literalWord(w)
		if !ok {
			return nil
		}
		argv = append(argv, s)
	}
	if isShellOnly(argv[0]) {
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	var out strings.Builder
	out.WriteByte('[')
	for i, a := range argv {
		b.Reset()
		if err := enc.Encode(a); err != nil {
			return nil
		}
		if i > 0 {
			out.WriteString(", ")
		}
		out.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	out.WriteByte(']')
	return lint.Replace(f, "Rewrite in JSON exec form", sp, out.String())
}

// literalWord is the value of a word the shell would pass on unchanged:
// plain text, single-quoted text, and double-quoted plain text.
func literalWord(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for i, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			if strings.ContainsAny(p.Value, "\\*?[]{}~") || i == 0 && strings.HasPrefix(p.Value, "#") {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.SglQuoted:
			if p.Dollar {
				return "", false
			}
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			if p.Dollar {
				return "", false
			}
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok || strings.Contains(lit.Value, "\\") {
					return "", false
				}
				b.WriteString(lit.Value)
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}
