package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl4005_ln_bin_sh.md
var dl4005Doc string

// DL4005 flags ln onto /bin/sh.
var DL4005 = &lint.Rule{
	Code: "DL4005", Name: "ln-bin-sh", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4005",
	Doc:      dl4005Doc,
	Requires: needsDockerfile,
	Run:      runDL4005,
}

func runDL4005(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, "ln") {
			if c.Name != "ln" {
				continue
			}
			for _, w := range c.Words {
				if w.Literal && w.Value == "/bin/sh" {
					lint.Reportf(pass, f, w.Span, "ln replaces /bin/sh; use SHELL to change the shell")
					break
				}
			}
		}
	})
	return nil, nil
}
