package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3057_missing_healthcheck.md
var dl3057Doc string

// DL3057 flags an image stage with no HEALTHCHECK of its own or inherited.
var DL3057 = &lint.Rule{
	Code: "DL3057", Name: "missing-healthcheck", Category: "dockerfile", Severity: lint.Info,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3057",
	Doc:      dl3057Doc,
	Requires: needsDockerfile,
	Run:      runDL3057,
}

func runDL3057(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return nil, nil
	}
	byName := stagesByName(f)
	last := f.Stages[len(f.Stages)-1]
	for _, st := range build.TargetStages(f) {
		if hasHealthcheck(st, byName) {
			continue
		}
		sp := st.From.KeywordSpan
		if w, ok := fromImageWord(st.From); ok {
			sp = w.Span
		}
		label := stageLabel(st)
		if st == last && st.Name == "" {
			label = "the final stage"
		}
		lint.Reportf(pass, f, sp, "%s has no HEALTHCHECK; add one, or HEALTHCHECK NONE to say it needs none", label)
	}
	return nil, nil
}

// hasHealthcheck reports whether st or a stage it is built FROM has a
// HEALTHCHECK instruction.
func hasHealthcheck(st *df.Stage, byName map[string]*df.Stage) bool {
	for ; st != nil; st = parentStage(st, byName) {
		for _, in := range st.Instructions {
			if in.Is("HEALTHCHECK") {
				return true
			}
		}
	}
	return false
}
