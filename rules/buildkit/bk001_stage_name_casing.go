package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK001 is BuildKit's StageNameCasing check.
var BK001 = &lint.Rule{
	Code: "BK001", Name: "StageNameCasing", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("stage-name-casing"),
	Doc: `stage name is not lower case

## Why
BuildKit lower-cases stage names: ` + "`FROM node AS Builder`" + ` defines the stage
` + "`builder`" + `, and ` + "`COPY --from=Builder`" + ` only works because the lookup is
case-insensitive too. A mixed-case name suggests a distinction that does not
exist and reads differently from every place that refers to it.

## Example
` + "```dockerfile\nFROM node:22 AS BuildStage\nRUN npm ci\n\nFROM nginx\nCOPY --from=BuildStage /app/dist /usr/share/nginx/html\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22 AS build-stage\nRUN npm ci\n\nFROM nginx\nCOPY --from=build-stage /app/dist /usr/share/nginx/html\n```" + `

## References
BuildKit check StageNameCasing (` + "`docker build --check`" + `), reported while
BuildKit parses the instructions. A ` + "`# check=skip=StageNameCasing`" + ` directive or a
comment of that form directly above the FROM turns it off.`,
	Requires: requires,
	Run:      runBK001,
}

func runBK001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleStageNameCasing.Name)
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
