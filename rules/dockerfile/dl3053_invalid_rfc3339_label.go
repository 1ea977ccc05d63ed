package dockerfile

import (
	"time"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3053 flags a rfc3339-typed label whose value is not an RFC 3339 time.
var DL3053 = &lint.Rule{
	Code: "DL3053", Name: "invalid-rfc3339-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3053",
	Doc: `rfc3339-typed label that is not an RFC 3339 time

## Why
Labels typed rfc3339 (the OCI created label among them) are compared and
sorted by machines. A date in any other format cannot be parsed
reliably, and local formats are ambiguous (is 03/04 March or April?).

## Example
With ` + "`label-schema = { \"org.opencontainers.image.created\" = \"rfc3339\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.created=\"25/11/2026\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.created=\"2026-11-25T19:00:00Z\"\n```" + `

## Options
` + "`label-schema`" + `: the labels typed ` + "`rfc3339`" + ` are checked. Without it the
rule reports nothing.

## References
hadolint DL3053. The value is parsed with Go's time.Parse and the RFC 3339 layout:
a date, "T", a time with optional fraction, and "Z" or an offset. The value is read with its quotes removed. An
empty value is DL3051's finding, and a value holding a variable is known
only at build time; neither is reported here. A LABEL inside ONBUILD is
not checked, as in hadolint.`,
	Requires: needsConfig,
	Run:      runDL3053,
}

func runDL3053(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "rfc3339", "an RFC 3339 time", isRFC3339)
	return nil, nil
}

// isRFC3339 reports whether v is an RFC 3339 date-time.
func isRFC3339(v string) bool {
	_, err := time.Parse(time.RFC3339Nano, v)
	return err == nil
}
