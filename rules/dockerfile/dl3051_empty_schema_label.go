package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3051 flags a label of the label schema set to an empty value.
var DL3051 = &lint.Rule{
	Code: "DL3051", Name: "empty-schema-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3051",
	Doc: `label of the label schema with an empty value

## Why
A label the schema requires is there to be read. Setting it to "" keeps
DL3049 quiet while telling whoever reads the image nothing, and often
means a build argument that should have filled it was never passed.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.revision\" = \"hash\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.revision=\"\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=\"${GIT_SHA}\"\n```" + `

## Options
` + "`label-schema`" + `: the labels checked. Without it the rule reports nothing.

## References
hadolint DL3051. The value is read with its quotes removed; a value that
holds a variable is not empty as written and is not reported. A LABEL
inside ONBUILD is not checked, as in hadolint.`,
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
