package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK012 is BuildKit's MultipleInstructionsDisallowed check.
var BK012 = &lint.Rule{
	Code: "BK012", Name: "MultipleInstructionsDisallowed", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("multiple-instructions-disallowed"),
	Doc: `stage has more than one CMD, ENTRYPOINT or HEALTHCHECK

## Why
An image has one command, one entrypoint and one health check. When a stage
sets one of them twice, the earlier instruction is silently replaced by the
later one: it does nothing but mislead the reader. The finding points at the
earlier, ignored instruction. Each stage counts on its own: a stage that
builds on another may set its own CMD.

## Example
` + "```dockerfile" + `
FROM alpine
ENTRYPOINT ["echo", "hello"]
ENTRYPOINT ["echo", "goodbye"]
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM alpine
ENTRYPOINT ["echo", "goodbye"]
` + "```" + `
The CMD of a HEALTHCHECK is part of the health check and does not count.

## References
BuildKit check MultipleInstructionsDisallowed (docker build --check). As in
BuildKit, ONBUILD triggers of a base stage are replayed at the start of the
stages built on it (when the last stage depends on them) and reported on
their FROM line, and a ` + "`# check=skip=`" + ` comment applies when it sits above the
later instruction, the one whose dispatch notices the repetition.`,
	Requires: requiresDispatch,
	Run:      runBK012,
}

func runBK012(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleMultipleInstructionsDisallowed.Name)
	type seen map[string]*step
	perStage := map[*dockerfile.Stage]seen{}
	for _, st := range dispatchOf(pass).dispatched() {
		var kind string
		switch st.cmd.(type) {
		case *instructions.CmdCommand:
			kind = "cmd"
		case *instructions.EntrypointCommand:
			kind = "entrypoint"
		case *instructions.HealthCheckCommand:
			kind = "healthcheck"
		default:
			continue
		}
		s := perStage[st.stage]
		if s == nil {
			s = seen{}
			perStage[st.stage] = s
		}
		if prev := s[kind]; prev != nil {
			r.report(st.checkAt(), prev.at(f, prev.in.KeywordSpan), linter.RuleMultipleInstructionsDisallowed.Format(st.cmd.Name()))
		}
		s[kind] = st
	}
	return nil, nil
}
