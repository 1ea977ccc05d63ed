package dockerfile

import (
	"bytes"
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

//go:embed dl4006_pipe_without_pipefail.md
var dl4006Doc string

// DL4006 flags a pipe in RUN while the shell does not set pipefail.
var DL4006 = &lint.Rule{
	Code: "DL4006", Name: "pipe-without-pipefail", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4006",
	Doc:      dl4006Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer},
	Run:      runDL4006,
}

// isPipefailShell reports whether a shell knows `set -o pipefail`.
func isPipefailShell(name string) bool {
	switch name {
	case "bash", "zsh", "ash":
		return true
	}
	return false
}

// setsPipefail reports whether a SHELL's argv runs a shell with pipefail.
func setsPipefail(argv []df.Word) bool {
	if len(argv) == 0 {
		return false
	}
	prog := argv[0].Value
	if !isPipefailShell(prog[strings.LastIndexByte(prog, '/')+1:]) {
		return false
	}
	for i := 1; i+1 < len(argv); i++ {
		a := argv[i].Value
		if len(a) >= 2 && a[0] == '-' && a[1] != '-' && strings.HasSuffix(a, "o") && argv[i+1].Value == "pipefail" {
			return true
		}
	}
	return false
}

// mayPipe reports whether text holds a | that is not half of ||: the
// script, taken from that text, cannot pipe without one.
func mayPipe(text []byte) bool {
	for {
		i := bytes.IndexByte(text, '|')
		if i < 0 {
			return false
		}
		if i+1 == len(text) || text[i+1] != '|' {
			return true
		}
		text = text[i+2:]
	}
}

func runDL4006(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	targets := pass.ResultOf[build.TargetAnalyzer].(*build.Targets)
	for _, st := range f.Stages {
		pipefail := false
		for _, in := range st.Instructions {
			if in.Is("SHELL") {
				pipefail = setsPipefail(in.Args)
				continue
			}
			if pipefail || !in.Is("RUN") {
				continue
			}
			if sp, ok := firstPipe(f, in); ok {
				lint.Reportf(pass, f, sp, "pipe without pipefail: a failure before the last command goes unnoticed; set %s", pipefailShell(targets, st))
			}
		}
	}
	return nil, nil
}

// pipefailShell is the SHELL instruction to advise for st: bash where the
// base image may have it, BusyBox's ash (which has `-o pipefail`) on the
// images that have no bash: Alpine (and every image tagged -alpine, as
// the official images are) and busybox.
func pipefailShell(targets *build.Targets, st *df.Stage) string {
	const bash, ash = `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, `SHELL ["/bin/ash", "-o", "pipefail", "-c"] (the image has no bash)`
	if st.Index >= len(targets.Envs()) {
		return bash
	}
	if d := targets.Envs()[st.Index].Distro; d.Known() {
		if strings.HasPrefix(d.V, "alpine") || d.V == "busybox" {
			return ash
		}
		return bash
	}
	tag := df.ParseImageRef(targets.Stages()[st.Index].Ref).Tag
	for w := range strings.SplitSeq(tag, "-") {
		if strings.HasPrefix(w, "alpine") {
			return ash
		}
	}
	return bash
}

// cannotFail reports whether pipefail would not catch a command's failure
// in practice: builtins that only write their arguments. `echo "$SUM  file" |
// sha256sum -c` is the idiom; a command substitution in the arguments
// fails unseen with or without pipefail. `yes` only ends when the reader
// closes the pipe, by SIGPIPE: under pipefail `yes | cmd` would fail the
// step.
func cannotFail(name string) bool {
	switch name {
	case "echo", "printf", "true", ":", "yes":
		return true
	}
	return false
}

// readsImage reports whether a command only queries the image being built
// (its files, libraries, packages, locales). Their failure means the image
// is already broken in a way the build's next steps meet; pipefail is for a
// failure that goes unseen, above all a download (`curl … | sh`).
// docker-library's `find … -exec ldd | awk | sort -u` and
// `apt-mark showmanual | xargs apt-mark auto` are the common cases.
func readsImage(name string) bool {
	switch name {
	case "find", "ls", "ldd", "scanelf", "locale", "apt-mark", "dpkg-query", "md5sum", "sha1sum",
		"sha256sum", "sha512sum":
		return true
	}
	return false
}

// isFilter reports whether a command is a text filter: given a well-formed
// program it fails only on an input it cannot read, which the command before
// it already failed to give; a malformed program fails every build alike. (grep is not one:
// no match is its failure, and pipefail would change what that means.)
func isFilter(name string) bool {
	switch name {
	case "awk", "sed", "tr", "cut", "sort", "uniq", "wc":
		return true
	}
	return false
}

// mayFail reports whether a command of a pipeline, not the last, may fail
// unseen: anything but one of cannotFail, readsImage or isFilter without
// redirections.
func mayFail(s *syntax.Stmt) bool {
	call, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 || len(s.Redirs) > 0 {
		return true
	}
	name := call.Args[0].Lit()
	if name == "xargs" {
		name = xargsCommand(call.Args[1:])
	}
	return !cannotFail(name) && !readsImage(name) && !isFilter(name)
}

// xargsCommand is the command xargs runs: its first word that is not an
// option ("" when it takes an option's value, which is not worth
// reading: the pipe is then reported).
func xargsCommand(args []*syntax.Word) string {
	for _, w := range args {
		a := w.Lit()
		switch {
		case a == "-r", a == "-0", a == "-t", a == "--no-run-if-empty", a == "--null", a == "--verbose":
		case strings.HasPrefix(a, "-"):
			return ""
		default:
			return a
		}
	}
	return ""
}

// isChecksumTool reports whether a command is a checksum tool, whose -c
// mode fails on empty input.
func isChecksumTool(name string) bool {
	switch name {
	case "sha1sum", "sha256sum", "sha512sum", "md5sum", "shasum":
		return true
	}
	return false
}

// catchesShortInput reports whether the last command of a pipeline fails
// by itself when what comes down the pipe is empty or cut short, so that
// an earlier command's failure fails the step without pipefail: tar
// extracting an archive (`curl … | tar -xz`), a checksum check
// (`grep … SHASUMS | sha256sum -c -`).
func catchesShortInput(s *syntax.Stmt) bool {
	call, ok := s.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) < 2 {
		return false
	}
	name := call.Args[0].Lit()
	for i, w := range call.Args[1:] {
		a := w.Lit()
		switch {
		case name == "tar" && (a == "-x" || a == "--extract" || a == "--get" ||
			i == 0 && !strings.HasPrefix(a, "--") && strings.Contains(a, "x") ||
			strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "x")):
			return true
		case isChecksumTool(name) && (a == "-c" || a == "--check" || strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.Contains(a, "c")):
			return true
		}
	}
	return false
}

// pipePart is one command of a pipeline, with the pipe operator after it
// (nil for the last).
type pipePart struct {
	stmt *syntax.Stmt
	op   *syntax.BinaryCmd
}

func isPipe(op syntax.BinCmdOperator) bool { return op == syntax.Pipe || op == syntax.PipeAll }

// pipeParts appends the commands of the pipeline s to parts, in order.
func pipeParts(s *syntax.Stmt, parts []pipePart) []pipePart {
	if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && isPipe(b.Op) {
		parts = pipeParts(b.X, parts)
		parts[len(parts)-1].op = b
		return pipeParts(b.Y, parts)
	}
	return append(parts, pipePart{stmt: s})
}

// firstPipe finds the first pipe operator of the RUN's own script after
// a command that may fail.
func firstPipe(f *df.File, in *df.Instruction) (df.Span, bool) {
	if !mayPipe(f.Src[in.Span.Start:in.Span.End]) {
		return df.Span{}, false // most RUNs pipe nothing: skip their shell parse
	}
	sc := in.Shell()
	if sc == nil || sc.File == nil || !in.HasPipe() {
		return df.Span{}, false
	}
	var sp df.Span
	found := false
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		if found {
			return false
		}
		s, ok := n.(*syntax.Stmt)
		if !ok {
			return true
		}
		if b, ok := s.Cmd.(*syntax.BinaryCmd); !ok || !isPipe(b.Op) {
			return true
		}
		parts := pipeParts(s, nil)
		if catchesShortInput(parts[len(parts)-1].stmt) {
			return true
		}
		for _, p := range parts {
			if p.op != nil && mayFail(p.stmt) {
				at := sc.Offset(p.op.OpPos)
				sp, found = df.Span{Start: at, End: at + len(p.op.Op.String())}, true
				return false
			}
		}
		return true
	})
	return sp, found
}
