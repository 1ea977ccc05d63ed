package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK006 is BuildKit's ReservedStageName check.
var BK006 = &lint.Rule{
	Code: "BK006", Name: "ReservedStageName", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("reserved-stage-name"),
	Doc: `stage is named scratch or context

## Why
` + "`scratch`" + ` is the empty image and ` + "`context`" + ` names the build context in
` + "`COPY --from=context`" + ` and named contexts. A stage with one of those names
shadows the built-in meaning or is shadowed by it, depending on where it is
used; ` + "`FROM scratch AS scratch`" + ` even makes BuildKit fail with a circular
dependency.

## Example
` + "```dockerfile\nFROM alpine:3.20 AS context\nRUN echo hello > /greeting\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20 AS greeting\nRUN echo hello > /greeting\n```" + `

## References
BuildKit check ReservedStageName (` + "`docker build --check`" + `). It is a whole-file
validation: only the file's ` + "`# check=`" + ` directive can skip it.`,
	Requires: requires,
	Run:      runBK006,
}

func runBK006(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleReservedStageName.Name)
	for _, st := range f.Stages {
		if st.Name == "scratch" || st.Name == "context" {
			r.report(nil, stageNameSpan(st), linter.RuleReservedStageName.Format(st.Name))
		}
	}
	return nil, nil
}
