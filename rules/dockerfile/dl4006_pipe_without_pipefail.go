package dockerfile

import (
	"bytes"
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
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
	Requires: needsDockerfile,
	Run:      runDL4006,
}

var pipefailShells = map[string]bool{"bash": true, "zsh": true, "ash": true}

// setsPipefail reports whether a SHELL's argv runs a shell with pipefail.
func setsPipefail(argv []df.Word) bool {
	if len(argv) == 0 {
		return false
	}
	prog := argv[0].Value
	if !pipefailShells[prog[strings.LastIndexByte(prog, '/')+1:]] {
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
				lint.Reportf(pass, f, sp, "pipe without pipefail: a failure before the last command goes unnoticed; set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")
			}
		}
	}
	return nil, nil
}

// firstPipe finds the first pipe operator of the RUN's own script.
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
		if b, ok := n.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) {
			at := sc.Offset(b.OpPos)
			sp, found = df.Span{Start: at, End: at + len(b.Op.String())}, true
			return false
		}
		return true
	})
	return sp, found
}
