package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3018 flags apk add packages without a version constraint.
var DL3018 = &lint.Rule{
	Code: "DL3018", Name: "apk-add-unpinned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3018",
	Doc: `apk add package without a version constraint

## Why
Without a constraint apk installs whatever the repository holds on the day
of the build, so two builds of the same Dockerfile can differ and a
rebuild can pull in an incompatible release.

## Example
` + "```dockerfile\nFROM alpine:3.20\nRUN apk add --no-cache curl\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n```" + `

## References
hadolint DL3018. Any of ` + "`= ~ > <`" + ` counts as a constraint (` + "`curl~8.12`" + `
follows patch releases); ` + "`.apk`" + ` files and the values of ` + "`-t`/`--virtual`" + `
and ` + "`-X`/`--repository`" + ` are not packages. Alpine drops old package
versions from its repositories, so exact pins can break later builds
(hadolint issue 464); a ` + "`~`" + ` constraint is the gentler choice. Unlike
hadolint, an operand with a shell expansion is not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3018,
}

func runDL3018(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		for _, a := range c.Args {
			if !a.Literal || strings.ContainsAny(a.Value, "=~<>") || strings.HasSuffix(a.Value, ".apk") {
				continue
			}
			lint.Reportf(pass, f, a.Span, "apk adds %s without a version; pin it as %s=<version> or %s~<version>", a.Value, a.Value, a.Value)
		}
	}, df.ApkAdd)
	return nil, nil
}
