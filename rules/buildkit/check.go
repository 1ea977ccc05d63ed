package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// requires is what every BuildKit check reads: the parsed Dockerfile, and
// the reporter that carries each finding's instruction to the selection.
var requires = []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ReporterAnalyzer}

// docURL is BuildKit's documentation page of a rule.
func docURL(kebab string) string { return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/" }

// reporter reports one rule's findings in one Dockerfile. Whether BuildKit's
// `# check=` directive skips them is the selection's answer (the rules are
// lint.Rule.CheckDirective); the rule says only which instruction's own
// `# check=` comment governs each finding.
type reporter struct {
	pass *analysis.Pass
	f    *dockerfile.File
}

func newReporter(pass *analysis.Pass, f *dockerfile.File) *reporter {
	return &reporter{pass: pass, f: f}
}

// report emits a finding at span sp. in is the instruction whose `# check=`
// comment governs the finding, or nil for the whole-file validations that
// only the file's directive governs.
func (r *reporter) report(in *dockerfile.Instruction, sp dockerfile.Span, msg string) {
	lint.ReportDiagnostic(r.pass, lint.Diagnostic{
		Diagnostic: analysis.Diagnostic{Pos: r.f.Pos(sp.Start), End: r.f.Pos(sp.End), Message: msg},
		CheckAt:    in,
	})
}
