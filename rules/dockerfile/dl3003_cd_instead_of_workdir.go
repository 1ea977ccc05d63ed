package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3003 flags cd in RUN.
var DL3003 = &lint.Rule{
	Code: "DL3003", Name: "cd-instead-of-workdir", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3003",
	Doc: `RUN changes directory with cd instead of WORKDIR

## Why
A ` + "`cd`" + ` lasts until the end of its RUN: the next instruction starts
in the WORKDIR again. Scattered ` + "`cd`" + ` commands hide where files end
up; WORKDIR states it once, creates the directory, and holds for every
following RUN, COPY, CMD and ENTRYPOINT.

## Example
` + "```dockerfile\nFROM debian:12\nRUN cd /src && make\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nWORKDIR /src\nRUN make\n```" + `

## References
hadolint DL3003. As in hadolint, RUNs wrapped by ONBUILD are not checked.`,
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
