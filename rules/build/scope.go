package build

import (
	"reflect"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// ScopeAnalyzer is the Dockerfile's ARG and ENV scope with BuildKit's
// semantics (dockerfile.ScopeOf): the global ARGs before the first FROM,
// each stage's re-declared ARGs and ENV, and the automatic platform ARGs.
// Rules and analyses that expand words read it here, so the scope is one
// model, computed once per file.
var ScopeAnalyzer = &analysis.Analyzer{
	Name:       "scope",
	Doc:        "the Dockerfile's ARG and ENV scope, as BuildKit resolves it\n\nThe global ARGs, each stage's ARGs and ENV, and the automatic platform ARGs (TARGETPLATFORM and friends), for linux/amd64.",
	Requires:   []*analysis.Analyzer{lint.DockerfileAnalyzer},
	Run:        runScope,
	ResultType: reflect.TypeFor[*dockerfile.Scope](),
}

func runScope(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return (*dockerfile.Scope)(nil), nil
	}
	return dockerfile.ScopeOf(f), nil
}

// ScopeOf returns the pass's scope, nil for a unit without a Dockerfile;
// the pass's analyzer requires ScopeAnalyzer.
func ScopeOf(pass *analysis.Pass) *dockerfile.Scope {
	s, _ := pass.ResultOf[ScopeAnalyzer].(*dockerfile.Scope)
	return s
}
