package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL1001 flags inline `# hadolint ignore=` pragmas.
var DL1001 = &lint.Rule{
	Code: "DL1001", Name: "inline-ignore-pragma", Category: "dockerfile", Severity: lint.Info,
	Status: lint.OffByDefault,
	URL:    "https://github.com/hadolint/hadolint/wiki/DL1001",
	Doc: `inline ignore pragma present

## Why
A team that wants every exception to a rule decided in one reviewed place
(the configuration file) can turn this rule on to ban suppressions
scattered through Dockerfiles. Off by default.

## Example
` + "```dockerfile\nFROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN apt-get install -y curl=7.88.1-10+deb12u8\n```" + `

## References
hadolint DL1001. As in hadolint, only the next-line ` + "`# hadolint ignore=`" + `
pragma is reported, not the global, stage or shell ones, and not a
pragma hadolint itself rejects.`,
	Requires: needsDockerfile,
	Run:      runDL1001,
}

func runDL1001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, p := range f.Pragmas() {
		if p.Tool != "hadolint" || p.Kind != dockerfile.PragmaIgnore || !p.Valid {
			continue
		}
		codes := make([]string, len(p.Codes))
		for i, c := range p.Codes {
			codes[i] = c.Code
		}
		lint.Reportf(pass, f, p.Span, "inline pragma suppresses %s; ignore rules in the configuration instead", strings.Join(codes, ", "))
	}
	return nil, nil
}
