package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3033 flags yum install packages without a version.
var DL3033 = &lint.Rule{
	Code: "DL3033", Name: "yum-unpinned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3033",
	Doc: `yum install package without a pinned version

## Why
Without a version yum installs whatever the repositories serve on the day
of the build. Two builds of the same Dockerfile can end up with different
packages, and a rebuild for an unrelated change can pull in a new major
version that breaks the image.

## Example
` + "```dockerfile\nFROM centos:7\nRUN yum install -y httpd && yum clean all\n```" + `

## Use instead
` + "```dockerfile\nFROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n```" + `

## References
hadolint DL3033, with its reading of a version: after the name's first
dash, every dash-separated part uses only letters, digits and ` + "`.~^_:+`" + `,
and one of them starts with a digit (` + "`gcc-c++-8.5.0`, `openssl-1:1.1.1k`" + `).
` + "`.rpm`" + ` files need no version; ` + "`yum module install`" + ` needs
` + "`name:stream`" + `. An operand with a shell expansion passes when every
variable it expands is declared by an ARG or by an ENV of the stage (or of a
stage it builds on). Group operands (` + "`@name`" + `) are not packages and, unlike
hadolint, are not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3033,
}

func runDL3033(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"yum"}, []string{"install", "module"}, yumValueFlags, func(p *pmCall) {
		reportRPMUnpinned(pass, f, p)
	})
	return nil, nil
}
