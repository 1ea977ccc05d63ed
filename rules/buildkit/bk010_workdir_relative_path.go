package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/system"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk010_workdir_relative_path.md
var bk010Doc string

// BK010 is BuildKit's WorkdirRelativePath check.
var BK010 = &lint.Rule{
	Code: "BK010", Name: "WorkdirRelativePath", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("workdir-relative-path"),
	Doc:            bk010Doc,
	Requires:       requiresDispatch,
	Run:            runBK010,
}

func runBK010(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, st := range dispatchOf(pass).steps {
		c, ok := st.cmd.(*instructions.WorkdirCommand)
		if !ok || !st.expanded || st.workdirSet || system.IsAbs(c.Path, st.os) {
			continue
		}
		r.report(st.checkAt(), st.argsAt(f), linter.RuleWorkdirRelativePath.Format(c.Path))
	}
	return nil, nil
}
