package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3001 flags RUN commands that make no sense while building an image.
var DL3001 = &lint.Rule{
	Code: "DL3001", Name: "pointless-command-in-run", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3001",
	Doc: `RUN command that has no use in an image build

## Why
A RUN step runs once, without a terminal, in a throwaway container.
Interactive programs (` + "`vim`, `top`, `ssh`" + `), service managers
(` + "`service`, `shutdown`" + `) and process or system inspection
(` + "`ps`, `free`, `kill`, `mount`" + `) either hang the build, fail, or
report on the build container, which nobody will ever see again.

## Example
` + "```dockerfile\nFROM debian:12\nRUN service nginx start\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n```" + `

## References
hadolint DL3001, with its list of programs: free, kill, mount, ps,
service, shutdown, ssh, top and vim. The programs are found wherever
the shell runs them: after ` + "`&&`" + `, in pipes, subshells, ` + "`sh -c`" + `
strings, and behind wrappers such as sudo or env. Installing a package of
that name (` + "`apt-get install ssh`" + `) is not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3001,
}

var pointlessCommands = map[string]bool{
	"free": true, "kill": true, "mount": true, "ps": true, "service": true,
	"shutdown": true, "ssh": true, "top": true, "vim": true,
}

// pointlessNames are the keys of pointlessCommands, for the text test
// before the shell parse.
var pointlessNames = []string{"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"}

func runDL3001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, pointlessNames...) {
			if pointlessCommands[c.Name] {
				lint.Reportf(pass, f, c.NameSpan, "%s has no use while building an image", c.Name)
			}
		}
	})
	return nil, nil
}
