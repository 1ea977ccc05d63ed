package hygiene

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba113_runs_as_root.md
var ba113Doc string

// BA113 flags a final image that never sets a USER on a base that runs as
// root.
var BA113 = &lint.Rule{
	Code:     "BA113",
	Name:     "runs-as-root",
	Category: "hygiene",
	Severity: lint.Info,
	Status:   lint.Pedantic,
	Doc:      ba113Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer},
	Run:      runBA113,
}

func runBA113(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	chain := build.FinalChain(f)
	if len(chain) == 0 {
		return nil, nil
	}
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Is("user") {
				return nil, nil // DL3002 judges the USER it ends with
			}
		}
	}
	// The base of the chain's first stage decides; its default user is
	// known only for images of the table.
	root := chain[len(chain)-1]
	base := pass.ResultOf[build.TargetAnalyzer].(*build.Targets).Stages()
	if root.Index >= len(base) {
		return nil, nil
	}
	ref := base[root.Index].Ref
	if user, ok := build.DefaultUser(ref); !ok || user != "root" {
		return nil, nil
	}
	last := chain[0]
	sp := last.From.Span
	if len(last.From.Args) > 0 {
		sp = last.From.Args[0].Span
	}
	lint.Reportf(pass, f, sp, "the final image runs as root: no stage of it sets a USER, and %s runs as root; add a USER", ref)
	return nil, nil
}
