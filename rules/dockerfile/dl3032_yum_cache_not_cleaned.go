package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3032_yum_cache_not_cleaned.md
var dl3032Doc string

// DL3032 flags yum install without a later yum clean all.
var DL3032 = &lint.Rule{
	Code: "DL3032", Name: "yum-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3032",
	Doc:      dl3032Doc,
	Requires: needsDockerfile,
	Run:      runDL3032,
}

func runDL3032(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"yum"}, []string{"install"}, yumValueFlag, func(p *pmCall) {
		if laterCall(p.in, p.NameSpan.Start, func(c *df.Call) bool {
			return isCall(c, "yum", "clean", "all") || removes(c, "/var/cache/yum")
		}) {
			return
		}
		lint.Report(pass, f, p.head(), "yum install leaves its cache in the layer; run yum clean all in the same RUN", nil)
	})
	return nil, nil
}
