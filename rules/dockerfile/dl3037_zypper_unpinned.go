package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3037_zypper_unpinned.md
var dl3037Doc string

// DL3037 flags zypper install packages without a version.
var DL3037 = &lint.Rule{
	Code: "DL3037", Name: "zypper-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3037",
	Doc:      dl3037Doc,
	Requires: needsDockerfile,
	Run:      runDL3037,
}

func runDL3037(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"install", "in"}, zypperValueFlag, func(p *pmCall) {
		for _, o := range p.ops() {
			if !o.Literal || strings.ContainsAny(o.Value, "=<>") || strings.HasSuffix(o.Value, ".rpm") {
				continue
			}
			lint.Reportf(pass, f, o.Span, "zypper installs %s without a version; pin it as %s=<version>", o.Value, o.Value)
		}
	})
	return nil, nil
}
