package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3040 flags dnf install without a later dnf clean all.
var DL3040 = &lint.Rule{
	Code: "DL3040", Name: "dnf-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3040",
	Doc: `dnf install without dnf clean all in the same RUN

## Why
dnf and microdnf keep the repository metadata and the downloaded packages
in their cache (` + "`/var/cache/dnf`, `/var/cache/libdnf5`" + `): often a hundred
megabytes the image never reads again. Only a clean in the same RUN keeps
them out of the layer; a later RUN cannot shrink a layer already written.

## Example
` + "```dockerfile\nFROM fedora:40\nRUN dnf install -y httpd-2.4.62\n```" + `

## Use instead
` + "```dockerfile\nFROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n```" + `

## References
hadolint DL3040, for ` + "`install`, `upgrade`, `upgrade-minimal`, `reinstall`" + ` and
their short forms. The clean must come after the install and be run by the
same program (` + "`microdnf clean all`" + ` for microdnf); ` + "`rm -rf`" + ` of
` + "`/var/cache/yum`, `/var/cache/dnf` or `/var/cache/libdnf5`" + ` counts too, and a
cache or tmpfs mount on ` + "`/var/cache/libdnf5`" + ` (or ` + "`/var/cache/dnf`" + `)
keeps the cache out of the layer.`,
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
	eachPMCall(f, []string{"dnf", "microdnf"}, subs, yumValueFlags, func(p *pmCall) {
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
