package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK005 is BuildKit's DuplicateStageName check.
var BK005 = &lint.Rule{
	Code: "BK005", Name: "DuplicateStageName", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("duplicate-stage-name"),
	Doc: `stage name is already used by an earlier stage

## Why
Two stages with the same name make every reference to that name ambiguous:
` + "`FROM name`" + ` builds on the latest earlier stage of that name, while
` + "`COPY --from=name`" + ` and ` + "`--target name`" + ` pick the last one in the file. Stage
names compare case-insensitively.

## Example
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20 AS build\nCOPY --from=build /out/app /usr/local/bin/app\n```" + `

## Use instead
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.20 AS runtime\nCOPY --from=build /out/app /usr/local/bin/app\n```" + `

## References
BuildKit check DuplicateStageName (` + "`docker build --check`" + `), reported on the
second and every later stage of a name. It is a whole-file validation: only
the file's ` + "`# check=`" + ` directive can skip it.`,
	Requires: requires,
	Run:      runBK005,
}

func runBK005(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleDuplicateStageName.Name)
	seen := map[string]bool{}
	for _, st := range f.Stages {
		if st.Name == "" {
			continue
		}
		if seen[st.Name] {
			r.report(nil, stageNameSpan(st), linter.RuleDuplicateStageName.Format(st.Name))
		}
		seen[st.Name] = true
	}
	return nil, nil
}

// stageNameSpan is the name word of a `FROM image AS name` line.
func stageNameSpan(st *dockerfile.Stage) dockerfile.Span {
	if len(st.From.Args) >= 3 {
		return st.From.Args[2].Span
	}
	return st.From.KeywordSpan
}
