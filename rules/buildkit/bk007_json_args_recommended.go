package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK007 is BuildKit's JSONArgsRecommended check.
var BK007 = &lint.Rule{
	Code: "BK007", Name: "JSONArgsRecommended", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("json-args-recommended"),
	Doc: `shell-form cmd or entrypoint without a shell set

## Why
In shell form, CMD and ENTRYPOINT run as ` + "`/bin/sh -c \"…\"`" + `: the shell is
process 1 of the container and does not forward SIGTERM, so ` + "`docker stop`" + `
waits for its timeout and then kills the program without a clean shutdown.
The exec (JSON) form runs the program directly. When the shell really is
wanted, say so with a SHELL instruction, which silences the check.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nCMD python -m http.server 8000\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\", \"8000\"]\n```" + `

## References
BuildKit check JSONArgsRecommended (` + "`docker build --check`" + `). A SHELL
instruction in the stage, or in a stage it builds on with ` + "`FROM <stage>`" + `,
silences it; so would a shell in the base image's config, which ballast
cannot see: it assumes images set none. An ONBUILD CMD or ENTRYPOINT is
checked where it runs, at the FROM of a child stage built on its stage
(as BuildKit does, only for stages the last stage depends on).`,
	Requires: requiresDispatch,
	Run:      runBK007,
}

func runBK007(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleJSONArgsRecommended.Name)
	for _, st := range dispatchOf(pass).steps {
		var shellForm bool
		switch c := st.cmd.(type) {
		case *instructions.CmdCommand:
			shellForm = c.PrependShell
		case *instructions.EntrypointCommand:
			shellForm = c.PrependShell
		}
		if shellForm && !st.shell {
			r.report(st.checkAt(), st.argsAt(f), linter.RuleJSONArgsRecommended.Format(st.cmd.Name()))
		}
	}
	return nil, nil
}
