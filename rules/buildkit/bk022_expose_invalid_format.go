package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK022 is BuildKit's ExposeInvalidFormat check.
var BK022 = &lint.Rule{
	Code: "BK022", Name: "ExposeInvalidFormat", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("expose-invalid-format"),
	Doc: `host address or port mapping in EXPOSE

## Why
EXPOSE documents which container ports the image listens on; it cannot
publish a port or bind it to a host address. An IP address or a
` + "`host:container`" + ` mapping in it is ignored (only the container port is
kept), so the Dockerfile promises a mapping that never happens. BuildKit
plans to make this an error. Publish ports when running the container
(` + "`docker run -p 127.0.0.1:8080:80`" + `, a compose ` + "`ports:`" + ` entry).

## Example
` + "```dockerfile" + `
FROM nginx
EXPOSE 127.0.0.1:8080:80
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM nginx
EXPOSE 80
` + "```" + `

## References
BuildKit check ExposeInvalidFormat (docker build --check). Ports are checked
after variable expansion with the ARG and ENV values the Dockerfile defines,
in BuildKit's order, stopping where BuildKit's build would fail on an
invalid port.`,
	Requires: requiresPlan,
	Run:      runBK022,
}

func runBK022(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, d := range planOf(pass).cmds {
		for _, p := range exposedPorts(f, d) {
			if p.ip != "" || p.host != "" {
				report(pass, f, d.checkAt(), linter.RuleExposeInvalidFormat.Name, p.span, linter.RuleExposeInvalidFormat.Format(p.raw))
			}
		}
	}
	return nil, nil
}
