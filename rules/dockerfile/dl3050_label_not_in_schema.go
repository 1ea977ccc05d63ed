package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3050 flags, under strict labels, a label the label schema does not list.
var DL3050 = &lint.Rule{
	Code: "DL3050", Name: "label-not-in-schema", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3050",
	Doc: `label the label schema does not list (strict labels)

## Why
With strict labels, the label schema is the complete list of labels an
image may carry. A label outside it is a typo of a schema key or a label
nobody agreed on, and tools that read the schema will not know it.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.version\" = \"semver\" }`" + ` and
` + "`strict-labels = true`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.version=\"1.4.0\" build-host=\"ci-7\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.version=\"1.4.0\"\n```" + `

## Options
` + "`strict-labels`" + `: turns the rule on; ` + "`label-schema`" + `: the labels allowed.
Without ` + "`strict-labels`" + ` the rule reports nothing.

## References
hadolint DL3050. Keys are compared exactly, quotes removed. A LABEL inside
ONBUILD is not checked, as in hadolint.`,
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
