package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3066 flags a final image whose USER is a name rather than a numeric uid.
var DL3066 = &lint.Rule{
	Code: "DL3066", Name: "non-numeric-user", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3066",
	Doc: `USER of the final image is a name, not a numeric uid

## Why
A user name is resolved through the image's /etc/passwd when the container
starts; the host and the orchestrator cannot resolve it. Kubernetes, for
one, refuses to start a pod with ` + "`runAsNonRoot: true`" + ` when the image's user is
a name, because it cannot tell whether that name is root. A numeric uid
(and gid) says it outright.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER app\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER 10001\n```" + `

## References
hadolint DL3066. hadolint at v2.15.1 reports every USER of every stage; the
change merged right after it (hadolint PR #1239) keeps only the one that
decides the image's user, and ballast does the same: the last USER of the
last stage, or, when that stage has none, of the stage it is built FROM.
A USER written with a variable (` + "`USER ${APP_UID}`" + `) is not checked: its value
is only known at build time.`,
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
	if uid == "" || strings.Contains(uid, "$") || allDigits(uid) {
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
