package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3035 flags zypper dist-upgrade.
var DL3035 = &lint.Rule{
	Code: "DL3035", Name: "zypper-dist-upgrade", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3035",
	Doc: `zypper dist-upgrade in a RUN

## Why
` + "`zypper dist-upgrade`" + ` moves every package of the base image to whatever
the repositories serve on the day of the build, possibly a new release of
the distribution. The image stops matching its tag, builds stop being
repeatable, and the layer duplicates most of the base image. Pick a newer
base image instead.

## Example
` + "```dockerfile\nFROM opensuse/leap:15.5\nRUN zypper -n dist-upgrade\n```" + `

## Use instead
` + "```dockerfile\nFROM opensuse/leap:15.6\n```" + `

## References
hadolint DL3035, for ` + "`dist-upgrade` and `dup`" + `.`,
	Requires: needsDockerfile,
	Run:      runDL3035,
}

func runDL3035(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"dist-upgrade", "dup"}, zypperValueFlags, func(p *pmCall) {
		lint.Reportf(pass, f, p.head(), "zypper %s upgrades the whole base image in a layer; use a newer base image", p.sub().Value)
	})
	return nil, nil
}
