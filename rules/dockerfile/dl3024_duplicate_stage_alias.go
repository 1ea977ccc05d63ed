package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3024_duplicate_stage_alias.md
var dl3024Doc string

// DL3024 flags a stage name used twice.
var DL3024 = &lint.Rule{
	Code: "DL3024", Name: "duplicate-stage-alias", Category: "dockerfile", Severity: lint.Error,
	Aliases:  []string{"BK005"},
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3024",
	Doc:      dl3024Doc,
	Requires: needsDockerfile,
	Run:      runDL3024,
}

func runDL3024(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	seen := map[string]int{} // stage name → line of its first FROM
	for _, st := range f.Stages {
		w, ok := stageNameWord(st.From)
		if !ok {
			continue
		}
		name := strings.ToLower(w.Value)
		if line, dup := seen[name]; dup {
			lint.Reportf(pass, f, w.Span, "stage name %q is already used on line %d", w.Value, line)
			continue
		}
		seen[name] = st.From.StartLine
	}
	return nil, nil
}
