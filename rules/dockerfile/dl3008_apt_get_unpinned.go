package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3008 flags apt-get install packages without a pinned version.
var DL3008 = &lint.Rule{
	Code: "DL3008", Name: "apt-get-unpinned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3008",
	Doc: `apt-get install package without a pinned version

## Why
Without ` + "`=version`" + ` apt installs whatever the mirror serves on the day
of the build. Two builds of the same Dockerfile can end up with different
packages, and a rebuild for an unrelated change can pull in a new major
version that breaks the image.

## Example
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install -y curl\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8\n```" + `

## References
hadolint DL3008. As in hadolint, local packages (a path with ` + "`/`" + ` or a
` + "`.deb`" + ` file) and the value of ` + "`-t`/`--target-release`" + ` are not
packages to pin. Unlike hadolint, an operand with a shell expansion
(` + "`$buildDeps`" + `) is not reported: its value, pinned or not, is unknown.`,
	Requires: needsDockerfile,
	Run:      runDL3008,
}

func runDL3008(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		for _, a := range c.Args {
			if !a.Literal || strings.Contains(a.Value, "=") || strings.Contains(a.Value, "/") ||
				strings.HasSuffix(a.Value, ".deb") {
				continue
			}
			lint.Reportf(pass, f, a.Span, "apt-get installs %s without a version; pin it as %s=<version>", a.Value, a.Value)
		}
	}, df.AptGetInstall)
	return nil, nil
}
