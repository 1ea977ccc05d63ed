package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/system"
	"golang.org/x/tools/go/analysis"
)

// BK010 is BuildKit's WorkdirRelativePath check.
var BK010 = &lint.Rule{
	Code: "BK010", Name: "WorkdirRelativePath", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("workdir-relative-path"),
	Doc: `relative workdir before any absolute one

## Why
A relative WORKDIR is resolved against the working directory the base image
left behind. That directory is not part of your Dockerfile and may change
with the next tag of the image, moving everything the stage does. Set an
absolute WORKDIR first; relative ones after it are fine.

## Example
` + "```dockerfile\nFROM node:22\nWORKDIR app\nCOPY . .\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22\nWORKDIR /app\nCOPY . .\n```" + `

## References
BuildKit check WorkdirRelativePath (` + "`docker build --check`" + `). Only the first
WORKDIR of a stage chain is checked: a WORKDIR in a stage that this one
builds on with ` + "`FROM <stage>`" + ` counts as set. The path is checked after
variable expansion, so ` + "`WORKDIR $APP_HOME`" + ` with an undefined variable is
reported as the relative path "". A WORKDIR inside ONBUILD is checked where
it runs, at the FROM of a child stage.`,
	Requires: requiresDispatch,
	Run:      runBK010,
}

func runBK010(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleWorkdirRelativePath.Name)
	for _, st := range dispatchOf(pass).steps {
		c, ok := st.cmd.(*instructions.WorkdirCommand)
		if !ok || !st.expanded || st.workdirSet || system.IsAbs(c.Path, st.os) {
			continue
		}
		r.report(st.checkAt(), st.argsAt(f), linter.RuleWorkdirRelativePath.Format(c.Path))
	}
	return nil, nil
}
