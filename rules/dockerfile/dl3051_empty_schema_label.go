package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3051_empty_schema_label.md
var dl3051Doc string

// DL3051 flags a label of the label schema set to an empty value.
var DL3051 = &lint.Rule{
	Code: "DL3051", Name: "empty-schema-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3051",
	Doc:      dl3051Doc,
	Requires: needsConfig,
	Run:      runDL3051,
}

func runDL3051(pass *analysis.Pass) (any, error) {
	eachSchemaLabel(pass, "", func(f *df.File, p labelPair, _ string) {
		if p.Value == "" {
			lint.Reportf(pass, f, p.ValueSpan, "label %s is empty; the label schema expects a value", p.Key)
		}
	})
	return nil, nil
}
