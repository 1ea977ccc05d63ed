package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3048_invalid_label_key.md
var dl3048Doc string

// DL3048 flags a LABEL key outside Docker's key format.
var DL3048 = &lint.Rule{
	Code: "DL3048", Name: "invalid-label-key", Category: "dockerfile", Severity: lint.Style,
	Status:   lint.Pedantic,
	Fix:      lint.UnsafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3048",
	Doc:      dl3048Doc,
	Requires: needsDockerfile,
	Run:      runDL3048,
}

func runDL3048(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("LABEL") {
			continue
		}
		for _, kv := range keyValues(in) {
			key := unquote(kv.Key)
			problem := labelKeyProblem(key)
			if problem == "" {
				continue
			}
			msg := "LABEL key " + key + " " + problem
			lower := strings.ToLower(key)
			if lower != key && labelKeyProblem(lower) == "" && !strings.ContainsAny(kv.Key, `"'\`+"`") {
				fix := lint.Replace(f, "Lower-case the label key", kv.KeySpan, lower)
				lint.Report(pass, f, kv.KeySpan, msg, fix)
				continue
			}
			lint.Report(pass, f, kv.KeySpan, msg, nil)
		}
	}
	return nil, nil
}

// labelKeyProblem says what is wrong with a label key, or "" when nothing is.
func labelKeyProblem(key string) string {
	for _, ns := range []string{"com.docker.", "io.docker.", "org.dockerproject."} {
		if strings.HasPrefix(key, ns) {
			return "is in the namespace " + ns + " that Docker reserves"
		}
	}
	lower := strings.ToLower(key)
	switch {
	case key == "":
		return "is empty"
	case strings.Contains(key, "$"):
		return "uses a variable, so the key is only known at build time"
	case strings.IndexFunc(lower, func(r rune) bool { return !labelKeyChar(r) }) >= 0:
		return "has characters other than a-z, 0-9, '.', '-', '_' and '/'"
	case lower != key:
		return "has upper-case letters"
	case key[0] < 'a' || key[0] > 'z':
		return "does not start with a lower-case letter"
	case !isLowerAlnum(key[len(key)-1]):
		return "does not end with a lower-case letter or digit"
	case strings.Contains(key, "..") || strings.Contains(key, "--"):
		return `has a repeated separator (".." or "--")`
	}
	return ""
}

func labelKeyChar(r rune) bool {
	return r < 0x80 && (isLowerAlnum(byte(r)) || r == '.' || r == '-' || r == '_' || r == '/')
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
