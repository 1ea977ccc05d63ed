package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL4003 flags every CMD after the first one of a stage.
var DL4003 = &lint.Rule{
	Code: "DL4003", Name: "multiple-cmd", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL4003",
	Doc: `CMD repeated in one stage

## Why
An image has one default command: only the last CMD of a stage takes
effect, and the earlier ones are dead code that a reader may take for the
real one.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n```" + `

## References
hadolint DL4003: counted per stage (each FROM starts afresh); a CMD inside
ONBUILD belongs to the images built from this one and is not counted.
Every CMD after the first is reported.`,
	Requires: needsDockerfile,
	Run: func(pass *analysis.Pass) (any, error) {
		reportRepeated(pass, "CMD")
		return nil, nil
	},
}

// reportRepeated reports every instruction named keyword after the first
// one of its stage.
func reportRepeated(pass *analysis.Pass, keyword string) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		first := 0
		for _, in := range st.Instructions {
			if !in.Is(keyword) {
				continue
			}
			if first == 0 {
				first = in.StartLine
				continue
			}
			lint.Reportf(pass, f, in.KeywordSpan, "%s repeats the %s on line %d in %s; only the last %s takes effect", keyword, keyword, first, stageLabel(st), keyword)
		}
	}
}
