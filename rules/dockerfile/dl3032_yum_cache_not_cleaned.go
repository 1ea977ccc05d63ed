package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3032 flags yum install without a later yum clean all.
var DL3032 = &lint.Rule{
	Code: "DL3032", Name: "yum-cache-not-cleaned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3032",
	Doc: `yum install without yum clean all in the same RUN

## Why
yum keeps the repository metadata and the downloaded packages in
` + "`/var/cache/yum`" + `: often a hundred megabytes the image never reads again.
Only a clean in the same RUN keeps them out of the layer; a later RUN cannot
shrink a layer already written.

## Example
` + "```dockerfile\nFROM centos:7\nRUN yum install -y httpd-2.4.6\n```" + `

## Use instead
` + "```dockerfile\nFROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n```" + `

## References
hadolint DL3032. ` + "`rm -rf /var/cache/yum`" + ` after the install counts as a
clean too; a clean before the install does not.`,
	Requires: needsDockerfile,
	Run:      runDL3032,
}

func runDL3032(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"yum"}, []string{"install"}, yumValueFlags, func(p *pmCall) {
		if laterCall(p.in, p.NameSpan.Start, func(c *df.Call) bool {
			return isCall(c, "yum", "clean", "all") || removes(c, "/var/cache/yum")
		}) {
			return
		}
		lint.Report(pass, f, p.head(), "yum install leaves its cache in the layer; run yum clean all in the same RUN", nil)
	})
	return nil, nil
}
