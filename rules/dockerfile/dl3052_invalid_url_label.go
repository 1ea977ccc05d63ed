package dockerfile

import (
	"net/url"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3052 flags a url-typed label whose value is not a URL.
var DL3052 = &lint.Rule{
	Code: "DL3052", Name: "invalid-url-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3052",
	Doc: `url-typed label that is not a URL

## Why
Labels typed url are followed by people and tools (a registry links the
source, a scanner fetches the documentation). A value without a scheme or
a host is not a link anything can follow.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.source\" = \"url\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.source=\"github.com/example/app\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n```" + `

## Options
` + "`label-schema`" + `: the labels typed ` + "`url`" + ` are checked. Without it the
rule reports nothing.

## References
hadolint DL3052. A URL here is what Go's net/url parses with both a scheme and a host
(` + "`https://example.com/x`" + `); hadolint accepts any absolute URI, so values such
as ` + "`mailto:team@example.com`" + ` or ` + "`urn:isbn:0451450523`" + ` pass there and are
reported here. The value is read with its quotes removed. An
empty value is DL3051's finding, and a value holding a variable is known
only at build time; neither is reported here. A LABEL inside ONBUILD is
not checked, as in hadolint.`,
	Requires: needsConfig,
	Run:      runDL3052,
}

func runDL3052(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "url", "a URL", isURL)
	return nil, nil
}

// isURL reports whether v is an absolute URL with a host.
func isURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && u.Scheme != "" && u.Host != ""
}
