package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK008 is BuildKit's MaintainerDeprecated check.
var BK008 = &lint.Rule{
	Code: "BK008", Name: "MaintainerDeprecated", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("maintainer-deprecated"),
	Doc: `maintainer instruction is deprecated

## Why
` + "`MAINTAINER`" + ` has been deprecated since Docker 1.13. It only sets the image's
legacy Author field, which few tools read; the OCI annotation
` + "`org.opencontainers.image.authors`" + `, set with LABEL, is what registries and
scanners show.

## Example
` + "```dockerfile\nFROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.org>\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.org>\"\n```" + `

## References
BuildKit check MaintainerDeprecated (` + "`docker build --check`" + `), reported while
BuildKit parses the instructions. A ` + "`# check=skip=MaintainerDeprecated`" + ` directive
or a comment of that form directly above the MAINTAINER turns it off.`,
	Requires: requires,
	Run:      runBK008,
}

func runBK008(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleMaintainerDeprecated.Name)
	for _, w := range parseWarnings(f, linter.RuleMaintainerDeprecated.Name) {
		r.report(w.in, w.in.KeywordSpan, w.Message)
	}
	return nil, nil
}
