package dockerfile

import (
	_ "embed"
	"net/url"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3052_invalid_url_label.md
var dl3052Doc string

// DL3052 flags a url-typed label whose value is not a URL.
var DL3052 = &lint.Rule{
	Code: "DL3052", Name: "invalid-url-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3052",
	Doc:      dl3052Doc,
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
