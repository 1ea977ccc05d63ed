package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3035_zypper_dist_upgrade.md
var dl3035Doc string

// DL3035 flags zypper dist-upgrade.
var DL3035 = &lint.Rule{
	Code: "DL3035", Name: "zypper-dist-upgrade", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3035",
	Doc:      dl3035Doc,
	Requires: needsDockerfile,
	Run:      runDL3035,
}

func runDL3035(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"dist-upgrade", "dup"}, zypperValueFlag, func(p *pmCall) {
		lint.Reportf(pass, f, p.head(), "zypper %s upgrades the whole base image in a layer; use a newer base image", p.sub().Value)
	})
	return nil, nil
}
