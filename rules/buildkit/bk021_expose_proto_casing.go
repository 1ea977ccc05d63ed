package buildkit

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK021 is BuildKit's ExposeProtoCasing check.
var BK021 = &lint.Rule{
	Code: "BK021", Name: "ExposeProtoCasing", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("expose-proto-casing"),
	Doc: `protocol in EXPOSE is not lower case

## Why
The protocol of an exposed port is recorded in lower case (` + "`80/tcp`" + `,
` + "`53/udp`" + `); writing it in another case works only because BuildKit
normalises it, and reads as if it meant something different.

## Example
` + "```dockerfile" + `
FROM nginx
EXPOSE 80/TCP
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM nginx
EXPOSE 80/tcp
` + "```" + `

## References
BuildKit check ExposeProtoCasing (docker build --check). Ports are checked
after variable expansion with the ARG and ENV values the Dockerfile defines,
in BuildKit's order, stopping where BuildKit's build would fail on an
invalid port.`,
	Requires: requiresDispatch,
	Run:      runBK021,
}

func runBK021(pass *analysis.Pass) (any, error) {
	reportExposedPorts(pass, linter.RuleExposeProtoCasing, func(p exposedPort) bool {
		return p.proto != strings.ToLower(p.proto)
	})
	return nil, nil
}
