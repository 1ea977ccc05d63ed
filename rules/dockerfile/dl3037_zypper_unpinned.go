package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3037 flags zypper install packages without a version.
var DL3037 = &lint.Rule{
	Code: "DL3037", Name: "zypper-unpinned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3037",
	Doc: `zypper install package without a pinned version

## Why
Without a version zypper installs whatever the repositories serve on the
day of the build. Two builds of the same Dockerfile can end up with
different packages, and a rebuild for an unrelated change can pull in a
new major version that breaks the image.

## Example
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n```" + `

## Use instead
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean\n```" + `

## References
hadolint DL3037. A version constraint (` + "`=`, `>=`, `>`, `<=`, `<`" + `) pins
the package, and an ` + "`.rpm`" + ` file needs none. Unlike hadolint, an operand
with a shell expansion is not reported: its value is unknown.`,
	Requires: needsDockerfile,
	Run:      runDL3037,
}

func runDL3037(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"install", "in"}, zypperValueFlags, func(p *pmCall) {
		for _, o := range p.ops() {
			if !o.Literal || strings.ContainsAny(o.Value, "=<>") || strings.HasSuffix(o.Value, ".rpm") {
				continue
			}
			lint.Reportf(pass, f, o.Span, "zypper installs %s without a version; pin it as %s=<version>", o.Value, o.Value)
		}
	})
	return nil, nil
}
