package buildkit

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk002_from_as_casing.md
var bk002Doc string

// BK002 is BuildKit's FromAsCasing check.
var BK002 = &lint.Rule{
	Code: "BK002", Name: "FromAsCasing", Category: "buildkit", Severity: lint.Warning,
	Status:         lint.Pedantic,
	CheckDirective: true,
	URL:            docURL("from-as-casing"),
	Doc:            bk002Doc,
	Requires:       requires,
	Run:            runBK002,
}

func runBK002(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, w := range parseWarnings(f, linter.RuleFromAsCasing.Name) {
		sp := w.in.KeywordSpan
		if len(w.in.Args) >= 2 && strings.EqualFold(w.in.Args[1].Value, "as") {
			sp = w.in.Args[1].Span
		}
		r.report(w.in, sp, w.Message)
	}
	return nil, nil
}
