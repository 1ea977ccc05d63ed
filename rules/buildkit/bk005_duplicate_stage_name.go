package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk005_duplicate_stage_name.md
var bk005Doc string

// BK005 is BuildKit's DuplicateStageName check.
var BK005 = &lint.Rule{
	Code: "BK005", Name: "DuplicateStageName", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("duplicate-stage-name"),
	Doc:            bk005Doc,
	Requires:       requires,
	Run:            runBK005,
}

func runBK005(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	seen := map[string]bool{}
	for _, st := range f.Stages {
		if st.Name == "" {
			continue
		}
		if seen[st.Name] {
			r.report(nil, stageNameSpan(st), linter.RuleDuplicateStageName.Format(st.Name))
		}
		seen[st.Name] = true
	}
	return nil, nil
}

// stageNameSpan is the name word of a `FROM image AS name` line.
func stageNameSpan(st *dockerfile.Stage) dockerfile.Span {
	if len(st.From.Args) >= 3 {
		return st.From.Args[2].Span
	}
	return st.From.KeywordSpan
}
