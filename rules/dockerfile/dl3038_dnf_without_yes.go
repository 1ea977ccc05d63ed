package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3038 flags dnf or microdnf install without -y.
var DL3038 = &lint.Rule{
	Code: "DL3038", Name: "dnf-without-yes", Category: "dockerfile", Severity: lint.Warning,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3038",
	Doc: `dnf install without -y

## Why
Without ` + "`-y`" + ` dnf and microdnf ask for confirmation before they install
anything. A build has no terminal to answer, so the prompt reads end of
input, the install aborts, and the RUN fails.

## Example
` + "```dockerfile\nFROM fedora:40\nRUN dnf install httpd-2.4.62 && dnf clean all\n```" + `

## Use instead
` + "```dockerfile\nFROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n```" + `

## Fix safety
The fix inserts ` + "` -y`" + ` after the subcommand. It is safe: it only answers
the prompt that would otherwise abort the build.

## References
hadolint DL3038, for ` + "`dnf` and `microdnf`" + ` with ` + "`install`, `groupinstall` and\n`localinstall`; `--assumeyes`" + ` counts as the option too.`,
	Requires: needsDockerfile,
	Run:      runDL3038,
}

func runDL3038(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"dnf", "microdnf"}, yumInstallSubs, yumValueFlags, func(p *pmCall) {
		reportNoYes(pass, f, p)
	})
	return nil, nil
}
