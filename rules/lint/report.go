package lint

import (
	"fmt"
	"reflect"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"golang.org/x/tools/go/analysis"
)

// Report reports a finding at span sp of the Dockerfile, with at most one fix.
func Report(pass *analysis.Pass, f *dockerfile.File, sp dockerfile.Span, msg string, fix *analysis.SuggestedFix) {
	d := analysis.Diagnostic{Pos: f.Pos(sp.Start), End: f.Pos(sp.End), Message: msg}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	pass.Report(d)
}

// Reportf reports a finding without a fix at span sp of the Dockerfile.
func Reportf(pass *analysis.Pass, f *dockerfile.File, sp dockerfile.Span, format string, args ...any) {
	Report(pass, f, sp, fmt.Sprintf(format, args...), nil)
}

// Replace builds a one-edit fix that replaces span sp of the Dockerfile.
func Replace(f *dockerfile.File, description string, sp dockerfile.Span, newText string) *analysis.SuggestedFix {
	return &analysis.SuggestedFix{
		Message:   description,
		TextEdits: []analysis.TextEdit{{Pos: f.Pos(sp.Start), End: f.Pos(sp.End), NewText: []byte(newText)}},
	}
}

// Insert builds a one-edit fix that inserts text at offset of the Dockerfile.
func Insert(f *dockerfile.File, description string, offset int, text string) *analysis.SuggestedFix {
	return Replace(f, description, dockerfile.Span{Start: offset, End: offset}, text)
}

// Diagnostic is a go/analysis Diagnostic and what ballast records beside
// it, as typed data: a code of the finding's own, its default severity and
// the safety of its fix. Category keeps go/analysis's meaning.
type Diagnostic struct {
	analysis.Diagnostic
	// Code is the finding's own code, one of Rule.Reports (SC2086); ""
	// means the rule's code.
	Code string
	// Severity is the finding's default severity; Off means the rule's.
	// The user's overrides for the rule, then for Code, come above it.
	Severity Severity
	// Fix is the safety of this finding's fix, for a rule whose fixes are
	// safe in some cases only; NoFix means the rule's declared Fix.
	Fix FixSafety
	// CheckAt is, for a rule the `# check=` directive governs, the
	// instruction whose own `# check=` comment governs the finding too:
	// not always the one the finding's span lies in (BuildKit reports an
	// ONBUILD trigger on the FROM that runs it, a repeated CMD on the
	// first). Nil leaves the finding to the file's directive alone.
	CheckAt *dockerfile.Instruction
}

// Reporter receives typed diagnostics. The driver provides one as
// ReporterAnalyzer's result.
type Reporter struct{ report func(Diagnostic) }

// NewReporter returns a Reporter that hands each diagnostic to report.
func NewReporter(report func(Diagnostic)) *Reporter { return &Reporter{report: report} }

// ReporterAnalyzer has the unit's Reporter as its result; like the unit,
// the driver provides it. Rules that report typed data require it.
var ReporterAnalyzer = &analysis.Analyzer{
	Name:       "reporter",
	Doc:        "where rules report diagnostics with their code, severity and fix safety\n\nThe driver provides this result; it never runs.",
	Run:        func(*analysis.Pass) (any, error) { return (*Reporter)(nil), nil },
	ResultType: reflect.TypeFor[*Reporter](),
}

// ReportDiagnostic reports d with its typed data through the pass's
// Reporter; a driver that provides none gets the plain go/analysis
// Diagnostic.
func ReportDiagnostic(pass *analysis.Pass, d Diagnostic) {
	if r, ok := pass.ResultOf[ReporterAnalyzer].(*Reporter); ok && r != nil {
		r.report(d)
		return
	}
	pass.Report(d.Diagnostic)
}
