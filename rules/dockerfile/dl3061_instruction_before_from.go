package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3061_instruction_before_from.md
var dl3061Doc string

// DL3061 flags an instruction other than ARG before the first FROM.
var DL3061 = &lint.Rule{
	Code: "DL3061", Name: "instruction-before-from", Category: "dockerfile", Severity: lint.Error,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3061",
	Doc:      dl3061Doc,
	Requires: needsDockerfile,
	Run:      runDL3061,
}

func runDL3061(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.MetaArgs {
		if !in.Is("ARG") {
			lint.Reportf(pass, f, in.KeywordSpan, "%s before the first FROM; only ARG may come before it", in.Keyword)
		}
	}
	return nil, nil
}
