package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3038_dnf_without_yes.md
var dl3038Doc string

// DL3038 flags dnf or microdnf install without -y.
var DL3038 = &lint.Rule{
	Code: "DL3038", Name: "dnf-without-yes", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3038",
	Doc:      dl3038Doc,
	Requires: needsDockerfile,
	Run:      runDL3038,
}

func runDL3038(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"dnf", "microdnf"}, yumInstallSubs, yumValueFlag, func(p *pmCall) {
		reportNoYes(pass, f, p)
	})
	return nil, nil
}
