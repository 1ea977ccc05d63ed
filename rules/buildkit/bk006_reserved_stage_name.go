package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk006_reserved_stage_name.md
var bk006Doc string

// BK006 is BuildKit's ReservedStageName check.
var BK006 = &lint.Rule{
	Code: "BK006", Name: "ReservedStageName", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("reserved-stage-name"),
	Doc:            bk006Doc,
	Requires:       requires,
	Run:            runBK006,
}

func runBK006(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, st := range f.Stages {
		if st.Name == "scratch" || st.Name == "context" {
			r.report(nil, stageNameSpan(st), linter.RuleReservedStageName.Format(st.Name))
		}
	}
	return nil, nil
}
