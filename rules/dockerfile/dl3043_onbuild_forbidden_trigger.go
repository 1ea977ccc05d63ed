package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3043_onbuild_forbidden_trigger.md
var dl3043Doc string

// DL3043 flags ONBUILD ONBUILD, ONBUILD FROM and ONBUILD MAINTAINER.
var DL3043 = &lint.Rule{
	Code: "DL3043", Name: "onbuild-forbidden-trigger", Category: "dockerfile", Severity: lint.Error,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3043",
	Doc:      dl3043Doc,
	Requires: needsDockerfile,
	Run:      runDL3043,
}

func runDL3043(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	// BuildKit refuses these triggers: the instructions are among the
	// rejected ones, not the file's instructions.
	for _, r := range f.Rejected {
		if kw := forbiddenTrigger(r.Instruction); kw != "" {
			lint.Reportf(pass, f, r.Instruction.Onbuild.KeywordSpan, "%s is not allowed as an ONBUILD trigger", kw)
		}
	}
	return nil, nil
}
