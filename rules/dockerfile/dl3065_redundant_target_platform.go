package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3065_redundant_target_platform.md
var dl3065Doc string

// DL3065 flags FROM --platform=$TARGETPLATFORM, which is the default.
var DL3065 = &lint.Rule{
	Code: "DL3065", Name: "redundant-target-platform", Category: "dockerfile", Severity: lint.Warning,
	Aliases:  []string{"BK015"},
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3065",
	Doc:      dl3065Doc,
	Requires: needsDockerfile,
	Run:      runDL3065,
}

func runDL3065(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		fl := st.From.Flag("platform")
		if fl == nil || (fl.Value != "$TARGETPLATFORM" && fl.Value != "${TARGETPLATFORM}") {
			continue
		}
		fix := lint.Replace(f, "Remove --platform", removeFlagSpan(f, fl.Span), "")
		lint.Report(pass, f, fl.Span, "FROM --platform="+fl.Value+" is the default; the flag is redundant", fix)
	}
	return nil, nil
}
