package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3036_zypper_cache_not_cleaned.md
var dl3036Doc string

// DL3036 flags zypper install without a later zypper clean.
var DL3036 = &lint.Rule{
	Code: "DL3036", Name: "zypper-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3036",
	Doc:      dl3036Doc,
	Requires: needsDockerfile,
	Run:      runDL3036,
}

func runDL3036(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"zypper"}, []string{"install", "in"}, zypperValueFlag, func(p *pmCall) {
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
