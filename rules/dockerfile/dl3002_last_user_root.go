package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3002_last_user_root.md
var dl3002Doc string

// DL3002 flags a stage whose last USER is root.
var DL3002 = &lint.Rule{
	Code: "DL3002", Name: "last-user-root", Category: "dockerfile", Severity: lint.Warning,
	SecuritySeverity: 5.0, // a container that runs as root widens any escape: medium
	URL:              "https://github.com/hadolint/hadolint/wiki/DL3002",
	Doc:              dl3002Doc,
	Requires:         needsDockerfile,
	Run:              runDL3002,
}

func runDL3002(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	// The USER an image runs as is the last one of the stage the build
	// ends at, or of the nearest stage it is built FROM that has one.
	reported := map[*df.Instruction]bool{}
	for _, target := range build.TargetStages(f) {
		for _, st := range f.StageChain(target) {
			last := lastUser(st)
			if last == nil {
				continue
			}
			if user := last.Args[0]; build.RootUser(user.Value) && !reported[last] {
				reported[last] = true
				lint.Reportf(pass, f, user.Span, "%s ends as root (USER %s); switch to an unprivileged user", stageLabel(st), user.Value)
			}
			break
		}
	}
	return nil, nil
}

// lastUser is the last USER instruction of st with an argument, or nil.
func lastUser(st *df.Stage) *df.Instruction {
	var last *df.Instruction
	for _, in := range st.Instructions {
		if in.Is("USER") && len(in.Args) > 0 {
			last = in
		}
	}
	return last
}
