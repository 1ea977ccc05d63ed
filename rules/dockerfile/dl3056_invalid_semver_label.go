package dockerfile

import (
	_ "embed"
	"regexp"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3056_invalid_semver_label.md
var dl3056Doc string

// DL3056 flags a semver-typed label whose value is not a semantic version.
var DL3056 = &lint.Rule{
	Code: "DL3056", Name: "invalid-semver-label", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3056",
	Doc:      dl3056Doc,
	Requires: needsConfig,
	Run:      runDL3056,
}

func runDL3056(pass *analysis.Pass) (any, error) {
	checkTypedLabel(pass, "semver", "a semantic version", isSemver)
	return nil, nil
}

// isSemver compiles the expression only for a label that needs it: most
// files have no label schema.
func isSemver(s string) bool { return semverRE().MatchString(s) }

// semverRE is the regular expression of semver.org for SemVer 2.0.0.
var semverRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
})
