package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk008_maintainer_deprecated.md
var bk008Doc string

// BK008 is BuildKit's MaintainerDeprecated check.
var BK008 = &lint.Rule{
	Code: "BK008", Name: "MaintainerDeprecated", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("maintainer-deprecated"),
	Doc:            bk008Doc,
	Requires:       requires,
	Run:            runBK008,
}

func runBK008(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, w := range parseWarnings(f, linter.RuleMaintainerDeprecated.Name) {
		r.report(w.in, w.in.KeywordSpan, w.Message)
	}
	return nil, nil
}
