package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3063 flags a stage named scratch or context.
var DL3063 = &lint.Rule{
	Code: "DL3063", Name: "reserved-stage-alias", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3063",
	Doc: `stage named scratch or context

## Why
` + "`scratch`" + ` is the empty base image and ` + "`context`" + ` names the build context
(` + "`COPY --from=context`" + `, named contexts). A stage called either shadows the
built-in meaning in some places and is shadowed by it in others, so
` + "`FROM scratch`" + ` or ` + "`COPY --from=context`" + ` no longer says which one is meant.

## Example
` + "```dockerfile\nFROM alpine:3.20 AS context\nRUN echo hello > /greeting\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20 AS greeting\nRUN echo hello > /greeting\n```" + `

## References
hadolint DL3063. Stage names are compared in lower case, as BuildKit
stores them, so ` + "`AS Scratch`" + ` is reported too. BuildKit's ReservedStageName
(BK006) is the same check.`,
	Requires: needsDockerfile,
	Run:      runDL3063,
}

func runDL3063(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		if st.Name != "scratch" && st.Name != "context" {
			continue
		}
		sp := st.From.KeywordSpan
		if w, ok := stageNameWord(st.From); ok {
			sp = w.Span
		}
		lint.Reportf(pass, f, sp, "stage name %q is reserved; pick another name", st.Name)
	}
	return nil, nil
}
