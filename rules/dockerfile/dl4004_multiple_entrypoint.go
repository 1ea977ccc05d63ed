package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl4004_multiple_entrypoint.md
var dl4004Doc string

// DL4004 flags every ENTRYPOINT after the first one of a stage.
var DL4004 = &lint.Rule{
	Code: "DL4004", Name: "multiple-entrypoint", Category: "dockerfile", Severity: lint.Error,
	Aliases: []string{"BK012"}, AliasesInStage: true,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4004",
	Doc:      dl4004Doc,
	Requires: needsDockerfile,
	Run: func(pass *analysis.Pass) (any, error) {
		reportRepeated(pass, "ENTRYPOINT")
		return nil, nil
	},
}
