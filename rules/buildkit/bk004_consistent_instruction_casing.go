package buildkit

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk004_consistent_instruction_casing.md
var bk004Doc string

// BK004 is BuildKit's ConsistentInstructionCasing check.
var BK004 = &lint.Rule{
	Code: "BK004", Name: "ConsistentInstructionCasing", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("consistent-instruction-casing"),
	Doc:            bk004Doc,
	Requires:       requires,
	Run:            runBK004,
}

func runBK004(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	var keywords []*dockerfile.Instruction
	for _, st := range f.Stages {
		keywords = append(keywords, st.From)
		keywords = append(keywords, st.Instructions...)
	}
	lower, upper := 0, 0
	for _, in := range keywords {
		switch isLower, isUpper := keywordCase(in.Keyword); {
		case isLower:
			lower++
		case isUpper:
			upper++
		}
	}
	majority := "uppercase"
	if lower > upper {
		majority = "lowercase"
	}
	r := newReporter(pass, f)
	for _, in := range keywords {
		isLower, isUpper := keywordCase(in.Keyword)
		if (majority == "lowercase" && !isLower) || (majority == "uppercase" && !isUpper) {
			r.report(nil, in.KeywordSpan, linter.RuleConsistentInstructionCasing.Format(in.Keyword, majority))
		}
	}
	return nil, nil
}

// keywordCase reports whether k is unchanged by strings.ToLower and by
// strings.ToUpper, without the copies they make of an ASCII keyword.
func keywordCase(k string) (lower, upper bool) {
	lower, upper = true, true
	for i := range len(k) {
		switch c := k[i]; {
		case c >= utf8.RuneSelf:
			return k == strings.ToLower(k), k == strings.ToUpper(k)
		case 'A' <= c && c <= 'Z':
			lower = false
		case 'a' <= c && c <= 'z':
			upper = false
		}
	}
	return lower, upper
}
