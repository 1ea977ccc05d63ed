package dockerfile

import (
	"regexp"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3056 flags a semver-typed label whose value is not a semantic version.
var DL3056 = &lint.Rule{
	Code: "DL3056", Name: "invalid-semver-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3056",
	Doc: `semver-typed label that is not a semantic version

## Why
Labels typed semver are compared by tools that decide which image is newer
or compatible. A version outside Semantic Versioning ("v1.4", "1.4")
cannot be ordered by those rules.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.version\" = \"semver\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.version=\"v1.4\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.version=\"1.4.0\"\n```" + `

## Options
` + "`label-schema`" + `: the labels typed ` + "`semver`" + ` are checked. Without it the
rule reports nothing.

## References
hadolint DL3056. The value must match the regular expression that semver.org gives for
Semantic Versioning 2.0.0 (no leading "v", three numeric parts, optional
pre-release and build metadata). The value is read with its quotes removed. An
empty value is DL3051's finding, and a value holding a variable is known
only at build time; neither is reported here. A LABEL inside ONBUILD is
not checked, as in hadolint.`,
	Requires: needsConfig,
	Run:      runDL3056,
}

func runDL3056(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "semver", "a semantic version", semverRE.MatchString)
	return nil, nil
}

// semverRE is the regular expression of semver.org for SemVer 2.0.0.
var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
	`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
	`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
