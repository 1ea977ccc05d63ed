package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
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
		if !ok || !st.expanded || st.workdirSet || system.IsAbs(c.Path, st.os) ||
			st.unresolved || system.IsAbs(c.Path, "windows") && st.os == dockerfile.DefaultOS {
			// A path built from a variable the base image may set has a
			// value BuildKit knows and ballast does not; a drive-letter
			// path (C:pp) is a Windows image's, whose OS BuildKit reads
			// from the image and ballast, offline, cannot.
			continue
		}
		r.report(st.checkAt(), st.argsAt(f), linter.RuleWorkdirRelativePath.Format(c.Path))
	}
	return nil, nil
}
