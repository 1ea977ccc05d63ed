package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3004_sudo.md
var dl3004Doc string

// DL3004 flags sudo in RUN.
var DL3004 = &lint.Rule{
	Code: "DL3004", Name: "sudo-in-run", Category: "dockerfile", Severity: lint.Error,
	SecuritySeverity: 4.0, // sudo in a build hides which steps run privileged: medium
	Status:           lint.Pedantic,
	URL:              "https://github.com/hadolint/hadolint/wiki/DL3004",
	DocFile:          "rules/dockerfile/dl3004_sudo.md",
	Doc:              dl3004Doc,
	Requires:         needsDockerfile,
	Run:              runDL3004,
}

func runDL3004(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, "sudo") {
			if c.Name == "sudo" {
				lint.Reportf(pass, f, c.NameSpan, "sudo in RUN; use USER to run commands as another user")
			}
		}
	})
	return nil, nil
}
