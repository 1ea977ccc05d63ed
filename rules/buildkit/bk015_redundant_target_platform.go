package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK015 is BuildKit's RedundantTargetPlatform check.
var BK015 = &lint.Rule{
	Code: "BK015", Name: "RedundantTargetPlatform", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("redundant-target-platform"),
	Doc: `redundant FROM --platform=$TARGETPLATFORM

## Why
Every stage is built for the target platform unless its FROM says
otherwise, so ` + "`--platform=$TARGETPLATFORM`" + ` changes nothing and only
suggests that something special happens. A stage that must run on the
builder's platform (to cross-compile, say) wants ` + "`$BUILDPLATFORM`" + ` instead.

## Example
` + "```dockerfile" + `
FROM --platform=$TARGETPLATFORM alpine
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM alpine
` + "```" + `

## References
BuildKit check RedundantTargetPlatform (docker build --check). The flag is
expanded with the meta ARG defaults; the check fires when TARGETPLATFORM is
the only variable used and the result is exactly its value, so
` + "`${TARGETPLATFORM}`" + ` fires and ` + "`$TARGETOS/$TARGETARCH`" + ` does not.`,
	Requires: requiresDispatch,
	Run:      runBK015,
}

func runBK015(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	m := dispatchOf(pass)
	r := newReporter(pass, f, linter.RuleRedundantTargetPlatform.Name)
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
