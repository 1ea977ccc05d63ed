package hygiene

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/parsers/dockerfile"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba113_runs_as_root.md
var ba113Doc string

// BA113 flags a final image that never sets a USER on a base that runs as
// root.
var BA113 = &lint.Rule{
	Code:             "BA113",
	Name:             "runs-as-root",
	Category:         "hygiene",
	Severity:         lint.Info,
	SecuritySeverity: 3.0, // no USER at all: the container runs as root, a hardening gap: low
	Status:           lint.Pedantic,
	Doc:              ba113Doc,
	Requires:         []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer},
	Run:              runBA113,
}

func runBA113(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	bases := pass.ResultOf[build.TargetAnalyzer].(*build.Targets).Stages()
	for _, target := range build.ShippedTargets(f) {
		chain := f.StageChain(target)
		if hasUser(chain) {
			continue // DL3002 judges the USER it ends with
		}
		// The base of the chain's first stage decides; its default user
		// is known only for images of the table.
		root := chain[len(chain)-1]
		if root.Index >= len(bases) {
			continue
		}
		ref := bases[root.Index].Ref
		if user, ok := build.DefaultUser(ref); !ok || user != "root" {
			continue
		}
		sp := target.From.Span
		if len(target.From.Args) > 0 {
			sp = target.From.Args[0].Span
		}
		lint.Reportf(pass, f, sp, "%s runs as root: no stage of it sets a USER, and %s runs as root; add a USER", imageLabel(f, target), ref)
	}
	return nil, nil
}

// hasUser reports whether a stage of the chain has a USER instruction.
func hasUser(chain []*dockerfile.Stage) bool {
	for _, st := range chain {
		for _, in := range st.Instructions {
			if in.Is("user") {
				return true
			}
		}
	}
	return false
}

// imageLabel names the image a target stage builds: "the final image" for
// the last stage, else the stage's name.
func imageLabel(f *dockerfile.File, target *dockerfile.Stage) string {
	if target == f.Stages[len(f.Stages)-1] || target.Name == "" {
		return "the final image"
	}
	return fmt.Sprintf("the image of stage %q", target.Name)
}
