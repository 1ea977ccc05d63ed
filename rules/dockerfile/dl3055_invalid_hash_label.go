package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3055_invalid_hash_label.md
var dl3055Doc string

// DL3055 flags a hash-typed label whose value is not a git hash (7 or 40 lower-case hex digits).
var DL3055 = &lint.Rule{
	Code: "DL3055", Name: "invalid-hash-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3055",
	Doc:      dl3055Doc,
	Requires: needsConfig,
	Run:      runDL3055,
}

func runDL3055(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "hash", "a git hash (7 or 40 lower-case hex digits)", isGitHash)
	return nil, nil
}

// isGitHash reports whether v is a short (7) or full (40) lower-case hex
// commit hash.
func isGitHash(v string) bool {
	if len(v) != 7 && len(v) != 40 {
		return false
	}
	for i := range len(v) {
		if c := v[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
