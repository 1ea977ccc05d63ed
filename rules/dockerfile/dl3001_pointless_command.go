package dockerfile

import (
	_ "embed"
	"slices"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3001_pointless_command.md
var dl3001Doc string

// DL3001 flags RUN commands that make no sense while building an image.
var DL3001 = &lint.Rule{
	Code: "DL3001", Name: "pointless-command-in-run", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3001",
	DocFile:  "rules/dockerfile/dl3001_pointless_command.md",
	Doc:      dl3001Doc,
	Requires: needsDockerfile,
	Run:      runDL3001,
}

// pointlessNames are the commands with no use while building an image: the
// text test before the shell parse and the test of each call both read it.
var pointlessNames = []string{"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"}

func runDL3001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, pointlessNames...) {
			if slices.Contains(pointlessNames, c.Name) {
				lint.Reportf(pass, f, c.NameSpan, "%s has no use while building an image", c.Name)
			}
		}
	})
	return nil, nil
}
