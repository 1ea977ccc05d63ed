package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk001_stage_name_casing.md
var bk001Doc string

// BK001 is BuildKit's StageNameCasing check.
var BK001 = &lint.Rule{
	Code: "BK001", Name: "StageNameCasing", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("stage-name-casing"),
	Doc:            bk001Doc,
	Requires:       requires,
	Run:            runBK001,
}

func runBK001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, w := range parseWarnings(f, linter.RuleStageNameCasing.Name) {
		sp := w.in.KeywordSpan
		if len(w.in.Args) >= 3 {
			sp = w.in.Args[2].Span
		}
		r.report(w.in, sp, w.Message)
	}
	return nil, nil
}

// parseWarning is one warning BuildKit's instruction parser emitted, with the
// instruction it is about.
type parseWarning struct {
	dockerfile.LintWarning
	in *dockerfile.Instruction
}

// parseWarnings returns the parse-time warnings of one rule, each with the
// top-level instruction that starts on the warning's line.
func parseWarnings(f *dockerfile.File, rule string) []parseWarning {
	var out []parseWarning
	for _, w := range f.LintWarnings {
		if w.Rule != rule {
			continue
		}
		for _, in := range f.Instructions {
			if in.StartLine == w.Line {
				out = append(out, parseWarning{w, in})
				break
			}
		}
	}
	return out
}
