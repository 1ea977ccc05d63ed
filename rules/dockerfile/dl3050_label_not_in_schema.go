package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3050_label_not_in_schema.md
var dl3050Doc string

// DL3050 flags, under strict labels, a label the label schema does not list.
var DL3050 = &lint.Rule{
	Code: "DL3050", Name: "label-not-in-schema", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3050",
	Doc:      dl3050Doc,
	Requires: needsConfig,
	Run:      runDL3050,
}

func runDL3050(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	cfg := lint.ConfigOf(pass)
	if f == nil || !cfg.StrictLabels {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("LABEL") {
			continue
		}
		for _, p := range labelPairs(in) {
			if _, ok := cfg.LabelSchema[p.Key]; !ok {
				lint.Reportf(pass, f, p.KeySpan, "label %s is not in the label schema, and strict labels allow no others", p.Key)
			}
		}
	}
	return nil, nil
}
