package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3043 flags ONBUILD ONBUILD, ONBUILD FROM and ONBUILD MAINTAINER.
var DL3043 = &lint.Rule{
	Code: "DL3043", Name: "onbuild-forbidden-trigger", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3043",
	Doc: `ONBUILD wraps ONBUILD, FROM or MAINTAINER

## Why
Docker forbids these three as ONBUILD triggers: chaining ONBUILD, starting a
new stage from inside another image's build, and the deprecated MAINTAINER.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nONBUILD FROM python:3.12-slim\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nONBUILD COPY . /app\n```" + `

## Limitations
BuildKit rejects all three triggers when it parses the Dockerfile ("FROM
isn't allowed as an ONBUILD trigger", "Chaining ONBUILD via
` + "`ONBUILD ONBUILD`" + ` isn't allowed"), so ballast reports such a file as an input
error (exit 2) with BuildKit's message, and this rule, which only sees
Dockerfiles that parse, never fires on its own. It is registered so that
ignore lists, pragmas and configurations naming DL3043 stay valid.

## References
hadolint DL3043.`,
	Requires: needsDockerfile,
	Run:      runDL3043,
}

func runDL3043(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if in.Onbuild == nil {
			continue
		}
		switch kw := strings.ToUpper(in.Onbuild.Keyword); kw {
		case "ONBUILD", "FROM", "MAINTAINER":
			lint.Reportf(pass, f, in.Onbuild.KeywordSpan, "%s is not allowed as an ONBUILD trigger", kw)
		}
	}
	return nil, nil
}
