package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk007_json_args_recommended.md
var bk007Doc string

// BK007 is BuildKit's JSONArgsRecommended check.
var BK007 = &lint.Rule{
	Code: "BK007", Name: "JSONArgsRecommended", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("json-args-recommended"),
	Doc:            bk007Doc,
	Requires:       requiresDispatch,
	Run:            runBK007,
}

func runBK007(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
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
