package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3012_multiple_healthchecks.md
var dl3012Doc string

// DL3012 flags a second HEALTHCHECK in one stage.
var DL3012 = &lint.Rule{
	Code: "DL3012", Name: "multiple-healthchecks", Category: "dockerfile", Severity: lint.Error,
	Aliases: []string{"BK012"}, AliasesInStage: true,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3012",
	Doc:      dl3012Doc,
	Requires: needsDockerfile,
	Run:      runDL3012,
}

func runDL3012(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		prev := 0
		for _, in := range st.Instructions {
			if !in.Is("HEALTHCHECK") {
				continue
			}
			if prev != 0 {
				lint.Reportf(pass, f, in.KeywordSpan, "HEALTHCHECK replaces the one on line %d; only the last of a stage takes effect", prev)
			}
			prev = in.StartLine
		}
	}
	return nil, nil
}
