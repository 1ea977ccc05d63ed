package lint

import (
	"fmt"
	"strings"

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

// Diagnostic categories that override a rule's declared fix safety for one
// finding, for rules whose fixes are safe in some cases only.
const (
	CategorySafeFix   = "safe-fix"
	CategoryUnsafeFix = "unsafe-fix"
)

// codeCategory prefixes the Category of a diagnostic that carries its own
// code and severity (see CodeCategory).
const codeCategory = "code:"

// CodeCategory is the Diagnostic.Category of a finding that carries its own
// code and default severity, for a rule that reports many codes (ShellCheck):
// the driver sets Finding.Code from it, and the severity unless the user
// overrides the code's or the rule's.
func CodeCategory(code string, sev Severity) string {
	return codeCategory + code + ":" + sev.String()
}

// ParseCodeCategory reads what CodeCategory wrote.
func ParseCodeCategory(category string) (code string, sev Severity, ok bool) {
	rest, ok := strings.CutPrefix(category, codeCategory)
	if !ok {
		return "", Off, false
	}
	code, name, ok := strings.Cut(rest, ":")
	if !ok || code == "" {
		return "", Off, false
	}
	sev, err := ParseSeverity(name)
	if err != nil {
		return "", Off, false
	}
	return code, sev, true
}
