package dockerfile

import (
	"net/mail"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3058 flags a email-typed label whose value is not an email address.
var DL3058 = &lint.Rule{
	Code: "DL3058", Name: "invalid-email-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3058",
	Doc: `email-typed label that is not an email address

## Why
Labels typed email tell people whom to contact about an image. A name or
a team alias without an address leaves them nobody to write to.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.authors\" = \"email\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.authors=\"platform team\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.authors=\"platform@example.com\"\n```" + `

## Options
` + "`label-schema`" + `: the labels typed ` + "`email`" + ` are checked. Without it the
rule reports nothing.

## References
hadolint DL3058. The value must parse as an RFC 5322 address with Go's
net/mail.ParseAddress; that accepts a display name with the address in
angle brackets (` + "`Platform <platform@example.com>`" + `), which hadolint, checking
a bare address only, reports. The value is read with its quotes removed. An
empty value is DL3051's finding, and a value holding a variable is known
only at build time; neither is reported here. A LABEL inside ONBUILD is
not checked, as in hadolint.`,
	Requires: needsConfig,
	Run:      runDL3058,
}

func runDL3058(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "email", "an email address", isEmail)
	return nil, nil
}

// isEmail reports whether v is an RFC 5322 address.
func isEmail(v string) bool {
	_, err := mail.ParseAddress(v)
	return err == nil
}
