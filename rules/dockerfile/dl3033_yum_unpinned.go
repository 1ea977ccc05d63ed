package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3033_yum_unpinned.md
var dl3033Doc string

// DL3033 flags yum install packages without a version.
var DL3033 = &lint.Rule{
	Code: "DL3033", Name: "yum-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3033",
	Doc:      dl3033Doc,
	Requires: needsDockerfile,
	Run:      runDL3033,
}

func runDL3033(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"yum"}, []string{"install", "module"}, yumValueFlag, func(p *pmCall) {
		reportRPMUnpinned(pass, f, p)
	})
	return nil, nil
}
