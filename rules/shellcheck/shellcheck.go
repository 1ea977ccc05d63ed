// Package shellcheck runs ShellCheck on the shell scripts of a Dockerfile
// and reports its findings, under ShellCheck's own codes (SC2086), at their
// exact place in the Dockerfile.
package shellcheck

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

// Rules lists the package's rules.
func Rules() []*lint.Rule { return []*lint.Rule{ShellCheck} }

// shellCheckWiki documents each ShellCheck code: shellCheckWiki + "SC2086".
const shellCheckWiki = "https://www.shellcheck.net/wiki/"

//go:embed shellcheck.md
var shellCheckDoc string

// ShellCheck runs shellcheck on every shell-form RUN.
var ShellCheck = &lint.Rule{
	Code:     "SC",
	Name:     "shellcheck",
	Category: "shell",
	Severity: lint.Warning,
	Status:   lint.Pedantic,
	// It starts a process per file: "all" does not run it.
	NamedOnly: true,
	Reports:   &lint.ToolCodes{Tool: "ShellCheck", Prefix: "SC", Digits: 4, DocBase: shellCheckWiki},
	URL:       shellCheckWiki,
	DocFile:   "rules/shellcheck/shellcheck.md",
	Doc:       shellCheckDoc,
	Requires:  []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ReporterAnalyzer},
	Run:       run,
}

// excluded are codes that make no sense on a Dockerfile's scripts (as in
// hadolint): sourced files are not at hand, and ash is not a dialect.
const excluded = "SC1090,SC1091,SC2187"

// proxyVars are predefined build arguments every stage has.
var proxyVars = []string{"HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy"}

// job is one script to check.
type job struct {
	sc      *dockerfile.Script
	dialect string
	// header is how many lines were inserted before script line skip+1:
	// the export lines go after a shebang line.
	header, skip int
	name         string
	// declared are the variable names known where the script runs.
	declared []string
}

func run(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	bin, err := exec.LookPath("shellcheck")
	if err != nil {
		return nil, nil // the CLI notes the missing binary once
	}
	jobs := scripts(f)
	if len(jobs) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "ballast-shellcheck-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	byDialect := map[string][]*job{}
	var dialects []string
	for _, j := range jobs {
		if byDialect[j.dialect] == nil {
			dialects = append(dialects, j.dialect)
		}
		byDialect[j.dialect] = append(byDialect[j.dialect], j)
	}
	for _, d := range dialects {
		comments, err := check(bin, dir, d, byDialect[d])
		if err != nil {
			return nil, err
		}
		byName := map[string]*job{}
		for _, j := range byDialect[d] {
			byName[j.name] = j
		}
		for _, c := range comments {
			j := byName[c.File]
			if j == nil {
				continue
			}
			sp, ok := j.span(c)
			if !ok {
				continue
			}
			code := "SC" + strconv.Itoa(c.Code)
			lint.ReportDiagnostic(pass, lint.Diagnostic{
				Diagnostic: analysis.Diagnostic{
					Pos:     f.Pos(sp.Start),
					End:     f.Pos(sp.End),
					Message: strings.TrimSuffix(c.Message, "."),
				},
				Code:     code,
				Severity: level(c.Level),
			})
		}
	}
	return nil, nil
}

// scripts collects the shell-form RUN scripts of f (ONBUILD ones too), in
// source order, with their dialect and declared variables.
func scripts(f *dockerfile.File) []*job {
	type state struct {
		vars    map[string]bool
		dialect string
	}
	def := "sh"
	var pragmas []dockerfile.Pragma
	for _, p := range f.Pragmas() {
		if p.Kind == dockerfile.PragmaShell && p.Valid {
			pragmas = append(pragmas, p)
		}
	}
	stages := map[string]state{}
	var cur *state
	var curStage *dockerfile.Stage
	var jobs []*job
	for _, in := range f.Instructions {
		for len(pragmas) > 0 && pragmas[0].Span.Start < in.Span.Start {
			if d := dialectOf(pragmas[0].Shell); cur == nil {
				def = d
			} else {
				cur.dialect = d
			}
			pragmas = pragmas[1:]
		}
		if in.Stage == nil {
			continue
		}
		if in.Stage != curStage {
			curStage = in.Stage
			st := state{vars: map[string]bool{}, dialect: def}
			if in.Stage.Typed != nil {
				if prev, ok := stages[strings.ToLower(in.Stage.Typed.BaseName)]; ok {
					st.dialect = prev.dialect
					for v := range prev.vars {
						st.vars[v] = true
					}
				}
			}
			cur = &st
		}
		switch c := in.Command.(type) {
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				cur.vars[kv.Key] = true
			}
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				cur.vars[kv.Key] = true
			}
		case *instructions.ShellCommand:
			cur.dialect = shellDialect(c.Shell)
		}
		for _, x := range []*dockerfile.Instruction{in, in.Onbuild} {
			if x == nil || !x.Is("RUN") || x.JSON || cur.dialect == "" {
				continue
			}
			sc := x.Shell()
			if sc == nil {
				continue
			}
			jobs = append(jobs, &job{sc: sc, dialect: cur.dialect, declared: declared(cur.vars)})
		}
		if curStage.Name != "" {
			stages[curStage.Name] = *cur
		}
	}
	return slices.DeleteFunc(jobs, func(j *job) bool {
		if !strings.HasPrefix(j.sc.Src, "#!") {
			return false
		}
		// A heredoc script with a shebang runs under that interpreter.
		j.dialect, j.skip = shebangDialect(j.sc.Src), 1
		return j.dialect == ""
	})
}

// text is the file shellcheck reads for the job: the script with one
// `export NAME=1` line per known variable before it (after its shebang).
func (j *job) text(vars []string) string {
	var b strings.Builder
	src := j.sc.Src
	if j.skip == 1 {
		line, rest, _ := strings.Cut(src, "\n")
		b.WriteString(line + "\n")
		src = rest
	}
	for _, v := range vars {
		b.WriteString("export " + v + "=1\n")
	}
	j.header = len(vars)
	b.WriteString(src)
	return b.String()
}

// span maps a shellcheck comment back to the Dockerfile.
func (j *job) span(c comment) (dockerfile.Span, bool) {
	i, ok := j.offset(c.Line, c.Column)
	if !ok {
		return dockerfile.Span{}, false
	}
	k, ok := j.offset(c.EndLine, c.EndColumn)
	if !ok || k <= i {
		k = i + 1
	}
	return j.sc.SourceSpan(i, k), true
}

// offset maps a 1-based line and character column of the checked file to
// a byte offset in the script; false for the inserted export lines.
func (j *job) offset(line, col int) (int, bool) {
	switch {
	case line <= j.skip:
	case line <= j.skip+j.header:
		return 0, false
	default:
		line -= j.header
	}
	src := j.sc.Src
	at := 0
	for n := 1; n < line; n++ {
		i := strings.IndexByte(src[at:], '\n')
		if i < 0 {
			return len(src), true
		}
		at += i + 1
	}
	for c := 1; c < col && at < len(src) && src[at] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(src[at:])
		at += size
	}
	return at, true
}

// comment is one finding of shellcheck's json1 format.
type comment struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	EndLine   int    `json:"endLine"`
	Column    int    `json:"column"`
	EndColumn int    `json:"endColumn"`
	Level     string `json:"level"`
	Code      int    `json:"code"`
	Message   string `json:"message"`
}

// check writes the scripts of one dialect to dir and runs one shellcheck
// process over them all.
func check(bin, dir, dialect string, jobs []*job) ([]comment, error) {
	args := []string{"--norc", "--format=json1", "--shell=" + dialect, "--exclude=" + excluded}
	for k, j := range jobs {
		j.name = fmt.Sprintf("%s-%d.sh", dialect, k+1)
		if err := os.WriteFile(filepath.Join(dir, j.name), []byte(j.text(j.declared)), 0o600); err != nil {
			return nil, err
		}
		args = append(args, j.name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
		return nil, fmt.Errorf("shellcheck failed: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out struct {
		Comments []comment `json:"comments"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("shellcheck: unreadable output: %w", err)
	}
	return out.Comments, nil
}

// declared lists the stage's variables and the proxy variables, sorted,
// leaving out names no shell could export.
func declared(vars map[string]bool) []string {
	out := slices.Clone(proxyVars)
	for v := range vars {
		if identifier(v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func identifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return true
}

// level maps ShellCheck's levels to severities.
func level(l string) lint.Severity {
	switch l {
	case "error":
		return lint.Error
	case "warning":
		return lint.Warning
	case "info":
		return lint.Info
	default:
		return lint.Style
	}
}

// dialectOf maps a shell's name or path to a ShellCheck dialect, "" for a
// shell ShellCheck cannot check (zsh, PowerShell, cmd).
func dialectOf(shell string) string {
	base := strings.ToLower(shell[strings.LastIndexAny(shell, `/\`)+1:])
	switch strings.TrimSuffix(base, ".exe") {
	case "sh", "ash", "busybox":
		return "sh"
	case "bash":
		return "bash"
	case "dash":
		return "dash"
	case "ksh", "mksh", "pdksh", "ksh93":
		return "ksh"
	}
	return ""
}

// shellDialect is the dialect of a SHELL instruction's argv: its first
// word naming a known shell (wrappers such as `micromamba run … bash -c`
// included); sh when none does, "" when it is a shell ShellCheck cannot
// read.
func shellDialect(argv []string) string {
	for _, a := range argv {
		if d := dialectOf(a); d != "" {
			return d
		}
		base := strings.ToLower(a[strings.LastIndexAny(a, `/\`)+1:])
		switch strings.TrimSuffix(base, ".exe") {
		case "zsh", "fish", "pwsh", "powershell", "cmd":
			return ""
		}
	}
	return "sh"
}

// shebangDialect is the dialect a heredoc script's shebang names.
func shebangDialect(src string) string {
	line, _, _ := strings.Cut(strings.TrimPrefix(src, "#!"), "\n")
	for w := range strings.FieldsSeq(line) {
		if strings.HasPrefix(w, "-") || strings.HasSuffix(w, "/env") || w == "env" {
			continue
		}
		return dialectOf(w)
	}
	return ""
}
