package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3055 flags a hash-typed label whose value is not a git hash (7 or 40 lower-case hex digits).
var DL3055 = &lint.Rule{
	Code: "DL3055", Name: "invalid-hash-label", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3055",
	Doc: `hash-typed label that is not a git commit hash

## Why
Labels typed hash name the commit an image was built from, so that anyone
can find the exact source. A branch name or a tag moves; only the commit
hash pins it.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.revision\" = \"hash\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.revision=\"main\"\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.revision=\"2f9c1e4\"\n```" + `

## Options
` + "`label-schema`" + `: the labels typed ` + "`hash`" + ` are checked. Without it the
rule reports nothing.

## References
hadolint DL3055. A hash is 7 (short) or 40 (full SHA-1) lower-case hexadecimal
digits, as in hadolint. The value is read with its quotes removed. An
empty value is DL3051's finding, and a value holding a variable is known
only at build time; neither is reported here. A LABEL inside ONBUILD is
not checked, as in hadolint.`,
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
