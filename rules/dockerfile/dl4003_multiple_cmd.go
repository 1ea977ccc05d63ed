package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl4003_multiple_cmd.md
var dl4003Doc string

// DL4003 flags every CMD after the first one of a stage.
var DL4003 = &lint.Rule{
	Code: "DL4003", Name: "multiple-cmd", Category: "dockerfile", Severity: lint.Warning,
	Aliases: []string{"BK012"}, AliasesInStage: true,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4003",
	Doc:      dl4003Doc,
	Requires: needsDockerfile,
	Run: func(pass *analysis.Pass) (any, error) {
		reportRepeated(pass, "CMD")
		return nil, nil
	},
}

// reportRepeated reports every instruction named keyword after the first
// one of its stage.
func reportRepeated(pass *analysis.Pass, keyword string) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		first := 0
		for _, in := range st.Instructions {
			if !in.Is(keyword) {
				continue
			}
			if first == 0 {
				first = in.StartLine
				continue
			}
			lint.Reportf(pass, f, in.KeywordSpan, "%s repeats the %s on line %d in %s; only the last %s takes effect", keyword, keyword, first, stageLabel(st), keyword)
		}
	}
}
