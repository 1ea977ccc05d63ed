package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3040_dnf_cache_not_cleaned.md
var dl3040Doc string

// DL3040 flags dnf install without a later dnf clean all.
var DL3040 = &lint.Rule{
	Code: "DL3040", Name: "dnf-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3040",
	Doc:      dl3040Doc,
	Requires: needsDockerfile,
	Run:      runDL3040,
}

var dnfCacheDirs = []string{"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"}

func runDL3040(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	subs := []string{"install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"}
	eachPMCall(f, []string{"dnf", "microdnf"}, subs, yumValueFlag, func(p *pmCall) {
		if hasCacheMount(p.in, func(t string) bool { return t == "/var/cache/libdnf5" || t == "/var/cache/dnf" }) ||
			laterCall(p.in, p.NameSpan.Start, func(c *df.Call) bool {
				return isCall(c, p.Call.Name, "clean", "all") || removes(c, dnfCacheDirs...)
			}) {
			return
		}
		lint.Reportf(pass, f, p.head(), "%s %s leaves its cache in the layer; run %s clean all in the same RUN",
			p.Call.Name, p.sub().Value, p.Call.Name)
	})
	return nil, nil
}
