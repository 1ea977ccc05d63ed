package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk015_redundant_target_platform.md
var bk015Doc string

// BK015 is BuildKit's RedundantTargetPlatform check.
var BK015 = &lint.Rule{
	Code: "BK015", Name: "RedundantTargetPlatform", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("redundant-target-platform"),
	Doc:            bk015Doc,
	Requires:       requiresDispatch,
	Run:            runBK015,
}

func runBK015(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	m := dispatchOf(pass)
	r := newReporter(pass, f)
	const targetPlatform = "TARGETPLATFORM"
	for x := range m.froms() {
		st := x.stage
		fl := st.From.Flag("platform")
		if st.Typed.Platform == "" || fl == nil {
			continue
		}
		p := x.platform
		if x.platformErr != nil || len(p.Matched) != 1 || len(p.Unmatched) != 0 {
			continue
		}
		if _, used := p.Matched[targetPlatform]; !used {
			continue
		}
		if v, _ := m.global.Env.Get(targetPlatform); p.Result == v {
			r.report(st.From, firstLineSpan(f, st.From, fl.ValueSpan), linter.RuleRedundantTargetPlatform.Format(st.Typed.Platform))
		}
	}
	return nil, nil
}
