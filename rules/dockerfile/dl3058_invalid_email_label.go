package dockerfile

import (
	_ "embed"
	"net/mail"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3058_invalid_email_label.md
var dl3058Doc string

// DL3058 flags a email-typed label whose value is not an email address.
var DL3058 = &lint.Rule{
	Code: "DL3058", Name: "invalid-email-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3058",
	Doc:      dl3058Doc,
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
