package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3002_last_user_root.md
var dl3002Doc string

// DL3002 flags a stage whose last USER is root.
var DL3002 = &lint.Rule{
	Code: "DL3002", Name: "last-user-root", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3002",
	Doc:      dl3002Doc,
	Requires: needsDockerfile,
	Run:      runDL3002,
}

func runDL3002(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		var last *df.Instruction
		for _, in := range st.Instructions {
			if in.Is("USER") && len(in.Args) > 0 {
				last = in
			}
		}
		if last == nil {
			continue
		}
		user := last.Args[0]
		if !rootUser(user.Value) {
			continue
		}
		lint.Reportf(pass, f, user.Span, "%s ends as root (USER %s); switch to an unprivileged user", stageLabel(st), user.Value)
	}
	return nil, nil
}

// rootUser reports whether a USER value (user[:group]) names root.
func rootUser(v string) bool {
	user, _, _ := strings.Cut(v, ":")
	return user == "root" || user == "0"
}
