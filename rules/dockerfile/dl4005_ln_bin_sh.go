package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL4005 flags ln onto /bin/sh.
var DL4005 = &lint.Rule{
	Code: "DL4005", Name: "ln-bin-sh", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL4005",
	Doc: `RUN replaces /bin/sh with ln instead of using SHELL

## Why
Linking another shell over ` + "`/bin/sh`" + ` changes the shell of every
later RUN, and of every program in the running container that calls
` + "`system()`" + ` or ` + "`sh -c`" + `, without saying so where RUN is
written. The SHELL instruction changes the shell of the Dockerfile's RUN
steps only, visibly.

## Example
` + "```dockerfile\nFROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n```" + `

## References
hadolint DL4005: an ` + "`ln`" + ` call with ` + "`/bin/sh`" + ` among its arguments.`,
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
