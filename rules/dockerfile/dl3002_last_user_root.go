package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3002 flags a stage whose last USER is root.
var DL3002 = &lint.Rule{
	Code: "DL3002", Name: "last-user-root", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3002",
	Doc: `last USER of a stage is root

## Why
The last USER of a stage is the user its containers run as. A process
running as root inside the container is root on the host's kernel too:
one escape or one writable mount away from the host. Switching to root to
install packages is fine, as long as the stage switches back to an
unprivileged user before it ends.

## Example
` + "```dockerfile\nFROM debian:12\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER app\n```" + `

## References
hadolint DL3002. As in hadolint, root is "root" or uid 0, with or without
a group ("root:staff", "0:0"); every stage is checked, build stages too,
and a stage without any USER is not reported (it keeps the base image's
user, which this rule cannot see). A USER inside ONBUILD is not checked.`,
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
