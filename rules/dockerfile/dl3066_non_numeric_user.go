package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3066_non_numeric_user.md
var dl3066Doc string

// DL3066 flags a final image whose USER is a name rather than a numeric uid.
var DL3066 = &lint.Rule{
	Code: "DL3066", Name: "non-numeric-user", Category: "dockerfile", Severity: lint.Info,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3066",
	Doc:      dl3066Doc,
	Requires: needsDockerfile,
	Run:      runDL3066,
}

func runDL3066(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return nil, nil
	}
	byName := stagesByName(f)
	var user *df.Instruction
	for st := f.Stages[len(f.Stages)-1]; st != nil && user == nil; st = parentStage(st, byName) {
		for _, in := range st.Instructions {
			if in.Is("USER") {
				user = in
			}
		}
	}
	if user == nil || len(user.Args) == 0 {
		return nil, nil
	}
	w := user.Args[0]
	uid, _, _ := strings.Cut(trimPathQuotes(w.Value), ":")
	// root is uid 0 everywhere, and an image that ends as root is DL3002's
	// finding: saying it twice helps no one.
	if uid == "" || strings.Contains(uid, "$") || allDigits(uid) || uid == "root" {
		return nil, nil
	}
	lint.Reportf(pass, f, wordSubSpan(f, w, 0, len(uid)), "USER %s is a name, not a numeric uid; the host and Kubernetes runAsNonRoot cannot resolve it", uid)
	return nil, nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
