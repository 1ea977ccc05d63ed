package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3036 flags zypper install without a later zypper clean.
var DL3036 = &lint.Rule{
	Code: "DL3036", Name: "zypper-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3036",
	Doc: `zypper install without zypper clean in the same RUN

## Why
zypper keeps the repository metadata and the downloaded packages in
` + "`/var/cache/zypp`" + `, which the image never reads again. Only a clean in the
same RUN keeps them out of the layer; a later RUN cannot shrink a layer
already written.

## Example
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0\n```" + `

## Use instead
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean\n```" + `

## References
hadolint DL3036. ` + "`zypper cc`" + ` counts as a clean; a clean before the install
does not. A cache or tmpfs mount on ` + "`/var/cache/zypp`" + ` keeps the cache out
of the layer.`,
	Requires: needsDockerfile,
	Run:      runDL3036,
}

func runDL3036(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"install", "in"}, zypperValueFlags, func(p *pmCall) {
		if hasCacheMount(p.in, func(t string) bool { return t == "/var/cache/zypp" }) ||
			laterCall(p.in, p.NameSpan.Start, func(c *df.Call) bool {
				return isCall(c, "zypper", "clean") || isCall(c, "zypper", "cc")
			}) {
			return
		}
		lint.Reportf(pass, f, p.head(), "zypper %s leaves its cache in the layer; run zypper clean in the same RUN", p.sub().Value)
	})
	return nil, nil
}
