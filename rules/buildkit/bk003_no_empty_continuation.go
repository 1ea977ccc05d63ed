package buildkit

import (
	"bytes"
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk003_no_empty_continuation.md
var bk003Doc string

// BK003 is BuildKit's NoEmptyContinuation check.
var BK003 = &lint.Rule{
	Code: "BK003", Name: "NoEmptyContinuation", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("no-empty-continuation"),
	Doc:            bk003Doc,
	Requires:       requires,
	Run:            runBK003,
}

func runBK003(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, w := range f.Warnings {
		if w.URL != linter.RuleNoEmptyContinuation.URL || w.Location == nil {
			continue
		}
		r.report(nil, trimmedLine(f, w.Location.Start.Line), linter.RuleNoEmptyContinuation.Format())
	}
	return nil, nil
}

// trimmedLine is line n without its leading and trailing blanks.
func trimmedLine(f *dockerfile.File, n int) dockerfile.Span {
	sp := f.LineSpan(n)
	line := f.Src[sp.Start:sp.End]
	sp.Start += len(line) - len(bytes.TrimLeft(line, " \t"))
	sp.End -= len(line) - len(bytes.TrimRight(line, " \t"))
	if sp.End < sp.Start {
		sp.End = sp.Start
	}
	return sp
}
