package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3063_reserved_stage_alias.md
var dl3063Doc string

// DL3063 flags a stage named scratch or context.
var DL3063 = &lint.Rule{
	Code: "DL3063", Name: "reserved-stage-alias", Category: "dockerfile", Severity: lint.Warning,
	Aliases:  []string{"BK006"},
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3063",
	Doc:      dl3063Doc,
	Requires: needsDockerfile,
	Run:      runDL3063,
}

func runDL3063(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		if st.Name != "scratch" && st.Name != "context" {
			continue
		}
		sp := st.From.KeywordSpan
		if w, ok := stageNameWord(st.From); ok {
			sp = w.Span
		}
		lint.Reportf(pass, f, sp, "stage name %q is reserved; pick another name", st.Name)
	}
	return nil, nil
}
