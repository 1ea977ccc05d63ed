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
	Requires: requiresPlan,
	Run:      runBK012,
}

func runBK012(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	type seen map[string]*dispatched
	perStage := map[*dockerfile.Stage]seen{}
	for _, d := range planOf(pass).cmds {
		var kind string
		switch d.cmd.(type) {
		case *instructions.CmdCommand:
			kind = "cmd"
		case *instructions.EntrypointCommand:
			kind = "entrypoint"
		case *instructions.HealthCheckCommand:
			kind = "healthcheck"
		default:
			continue
		}
		s := perStage[d.stage]
		if s == nil {
			s = seen{}
			perStage[d.stage] = s
		}
		if prev := s[kind]; prev != nil {
			msg := linter.RuleMultipleInstructionsDisallowed.Format(d.cmd.Name())
			report(pass, f, d.checkAt(), linter.RuleMultipleInstructionsDisallowed.Name, prev.at(f, prev.in.KeywordSpan), msg)
		}
		s[kind] = d
	}
	return nil, nil
}
