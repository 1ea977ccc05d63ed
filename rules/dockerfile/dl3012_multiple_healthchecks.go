package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3012 flags a second HEALTHCHECK in one stage.
var DL3012 = &lint.Rule{
	Code: "DL3012", Name: "multiple-healthchecks", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3012",
	Doc: `HEALTHCHECK given more than once in a stage

## Why
An image has one health check: each HEALTHCHECK replaces the one before,
so only the last of a stage takes effect. The earlier ones are dead text
that a reader may take for the check that runs.

## Example
` + "```dockerfile\nFROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1\n```" + `

## Use instead
` + "```dockerfile\nFROM nginx:1.27\nHEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1\n```" + `

## References
hadolint DL3012. Every HEALTHCHECK after the first of a stage is reported;
stages are counted apart, and a HEALTHCHECK inside ONBUILD is not counted.`,
	Requires: needsDockerfile,
	Run:      runDL3012,
}

func runDL3012(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		prev := 0
		for _, in := range st.Instructions {
			if !in.Is("HEALTHCHECK") {
				continue
			}
			if prev != 0 {
				lint.Reportf(pass, f, in.KeywordSpan, "HEALTHCHECK replaces the one on line %d; only the last of a stage takes effect", prev)
			}
			prev = in.StartLine
		}
	}
	return nil, nil
}
