package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk012_multiple_instructions_disallowed.md
var bk012Doc string

// BK012 is BuildKit's MultipleInstructionsDisallowed check.
var BK012 = &lint.Rule{
	Code: "BK012", Name: "MultipleInstructionsDisallowed", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("multiple-instructions-disallowed"),
	Doc:            bk012Doc,
	Requires:       requiresDispatch,
	Run:            runBK012,
}

func runBK012(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
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
