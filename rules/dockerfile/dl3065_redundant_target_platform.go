package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3065 flags FROM --platform=$TARGETPLATFORM, which is the default.
var DL3065 = &lint.Rule{
	Code: "DL3065", Name: "redundant-target-platform", Category: "dockerfile", Severity: lint.Warning,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3065",
	Doc: `FROM --platform=$TARGETPLATFORM is redundant

## Why
Every stage is built for the target platform unless its FROM names another
one, so ` + "`--platform=$TARGETPLATFORM`" + ` changes nothing. It only suggests that
something special happens, and hides the one case where the flag matters:
a stage that must run on the builder wants ` + "`$BUILDPLATFORM`" + `.

## Example
` + "```dockerfile\nFROM --platform=$TARGETPLATFORM python:3.12-slim\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\n```" + `

## Fix safety
Safe: the fix deletes the flag. BuildKit always sets TARGETPLATFORM to the
platform being built, so the stage's platform is the same with or without it.

## References
hadolint DL3065 (the value is ` + "`$TARGETPLATFORM`" + ` or ` + "`${TARGETPLATFORM}`" + `,
quoted or not). BuildKit's RedundantTargetPlatform (BK015) is the same check
after variable expansion.`,
	Requires: needsDockerfile,
	Run:      runDL3065,
}

func runDL3065(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		fl := st.From.Flag("platform")
		if fl == nil || (fl.Value != "$TARGETPLATFORM" && fl.Value != "${TARGETPLATFORM}") {
			continue
		}
		fix := lint.Replace(f, "Remove --platform", removeFlagSpan(f, fl.Span), "")
		lint.Report(pass, f, fl.Span, "FROM --platform="+fl.Value+" is the default; the flag is redundant", fix)
	}
	return nil, nil
}
