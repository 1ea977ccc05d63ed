package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3061 flags an instruction other than ARG before the first FROM.
var DL3061 = &lint.Rule{
	Code: "DL3061", Name: "instruction-before-from", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3061",
	Doc: `instruction other than ARG before the first FROM

## Why
Only ARG (and comments and parser directives) may come before the first
FROM: every other instruction needs a stage to act on.

## Example
` + "```dockerfile\nLABEL org.example.team=web\nFROM python:3.12-slim\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.example.team=web\n```" + `

## Limitations
BuildKit rejects such a Dockerfile when it parses it ("no build stage in
current context"), so ballast reports it as an input error (exit 2, naming
the file and line) and this rule, which only sees Dockerfiles that parse,
never fires on its own. It is registered so that ignore lists, pragmas and
configurations naming DL3061 stay valid.

## References
hadolint DL3061.`,
	Requires: needsDockerfile,
	Run:      runDL3061,
}

func runDL3061(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.MetaArgs {
		if !in.Is("ARG") {
			lint.Reportf(pass, f, in.KeywordSpan, "%s before the first FROM; only ARG may come before it", in.Keyword)
		}
	}
	return nil, nil
}
