package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/suggest"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk011_undefined_var.md
var bk011Doc string

// BK011 is BuildKit's UndefinedVar check.
var BK011 = &lint.Rule{
	Code: "BK011", Name: "UndefinedVar", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("undefined-var"),
	Doc:            bk011Doc,
	Requires:       requiresDispatch,
	Run:            runBK011,
}

func runBK011(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, u := range dispatchOf(pass).undefined {
		keys := u.keys()
		for _, name := range u.names {
			match, _ := suggest.Search(name, keys, true)
			r.report(u.step.checkAt(), u.span(f, name), linter.RuleUndefinedVar.Format(name, match))
		}
	}
	return nil, nil
}
