package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3003_cd_instead_of_workdir.md
var dl3003Doc string

// DL3003 flags cd in RUN.
var DL3003 = &lint.Rule{
	Code: "DL3003", Name: "cd-instead-of-workdir", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3003",
	Doc:      dl3003Doc,
	Requires: needsDockerfile,
	Run:      runDL3003,
}

func runDL3003(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, false, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, "cd") {
			if c.Name == "cd" {
				lint.Reportf(pass, f, c.NameSpan, "cd changes directory for this RUN only; use WORKDIR")
			}
		}
	})
	return nil, nil
}
