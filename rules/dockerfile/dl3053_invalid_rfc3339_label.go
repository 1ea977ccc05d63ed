package dockerfile

import (
	_ "embed"
	"time"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3053_invalid_rfc3339_label.md
var dl3053Doc string

// DL3053 flags a rfc3339-typed label whose value is not an RFC 3339 time.
var DL3053 = &lint.Rule{
	Code: "DL3053", Name: "invalid-rfc3339-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3053",
	Doc:      dl3053Doc,
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
