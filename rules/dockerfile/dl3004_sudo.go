package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3004 flags sudo in RUN.
var DL3004 = &lint.Rule{
	Code: "DL3004", Name: "sudo-in-run", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3004",
	Doc: `RUN uses sudo

## Why
A RUN step runs as the current USER, root unless a USER instruction
changed it. ` + "`sudo`" + ` adds nothing for root, and for another user it
needs a sudoers entry and a TTY-less configuration, and keeps a
privilege-raising tool in the image. Switch users with USER instead.

## Example
` + "```dockerfile\nFROM debian:12\nUSER app\nRUN sudo apt-get update\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN apt-get update\nUSER app\n```" + `

## References
hadolint DL3004. sudo is found wherever the shell runs it, also in
` + "`sh -c`" + ` strings and behind other wrappers; installing the sudo
package is not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3004,
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
