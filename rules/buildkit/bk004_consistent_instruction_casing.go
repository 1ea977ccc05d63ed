package buildkit

import (
	"strings"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK004 is BuildKit's ConsistentInstructionCasing check.
var BK004 = &lint.Rule{
	Code: "BK004", Name: "ConsistentInstructionCasing", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("consistent-instruction-casing"),
	Doc: `instruction keyword casing is inconsistent

## Why
Instruction keywords are case-insensitive, so a Dockerfile can mix
` + "`RUN`" + ` and ` + "`run`" + `; doing so makes it harder to read and to search. BuildKit
counts the keywords written all upper case and all lower case across the
whole file and reports every keyword that is in mixed case (` + "`From`" + `) or
goes against the majority. A tie counts as an upper-case majority.

## Example
` + "```dockerfile\nFROM alpine:3.20\nrun apk add --no-cache curl\nCOPY . /app\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20\nRUN apk add --no-cache curl\nCOPY . /app\n```" + `

## References
BuildKit check ConsistentInstructionCasing (` + "`docker build --check`" + `). It looks at
the FROM lines and the instructions of every stage (ONBUILD counts as one
keyword, the instruction it wraps is not counted); ARGs before the first
FROM are neither counted nor checked. It is a whole-file validation: only the
file's ` + "`# check=`" + ` directive can skip it, a check comment above an instruction
does not.`,
	Requires: requires,
	Run:      runBK004,
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
	r := newReporter(pass, f, linter.RuleConsistentInstructionCasing.Name)
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
	for i := 0; i < len(k); i++ {
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
