package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL4004 flags every ENTRYPOINT after the first one of a stage.
var DL4004 = &lint.Rule{
	Code: "DL4004", Name: "multiple-entrypoint", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL4004",
	Doc: `ENTRYPOINT repeated in one stage

## Why
Only the last ENTRYPOINT of a stage takes effect. The earlier ones are dead
code that a reader may take for the program the container runs.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nENTRYPOINT [\"python\"]\nCOPY app.py /app/\nENTRYPOINT [\"python\", \"/app/app.py\"]\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCOPY app.py /app/\nENTRYPOINT [\"python\", \"/app/app.py\"]\n```" + `

## References
hadolint DL4004: counted per stage (each FROM starts afresh); an
ENTRYPOINT inside ONBUILD is not counted. Every ENTRYPOINT after the first
is reported.`,
	Requires: needsDockerfile,
	Run: func(pass *analysis.Pass) (any, error) {
		reportRepeated(pass, "ENTRYPOINT")
		return nil, nil
	},
}
