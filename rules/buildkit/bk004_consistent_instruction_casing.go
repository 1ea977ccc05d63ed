package buildkit

import (
	"strings"

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
		switch in.Keyword {
		case strings.ToLower(in.Keyword):
			lower++
		case strings.ToUpper(in.Keyword):
			upper++
		}
	}
	majority := "uppercase"
	if lower > upper {
		majority = "lowercase"
	}
	for _, in := range keywords {
		want := strings.ToUpper(in.Keyword)
		if majority == "lowercase" {
			want = strings.ToLower(in.Keyword)
		}
		if in.Keyword != want {
			report(pass, f, nil, linter.RuleConsistentInstructionCasing.Name, in.KeywordSpan, linter.RuleConsistentInstructionCasing.Format(in.Keyword, majority))
		}
	}
	return nil, nil
}
