package hygiene

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba106_no_bytecode_compile.md
var ba106Doc string

// BA106 flags a `uv sync` into the final image that does not compile
// bytecode.
var BA106 = &lint.Rule{
	Code:     "BA106",
	Name:     "no-bytecode-compile",
	Category: "hygiene",
	Severity: lint.Info,
	Status:   lint.Pedantic,
	Fix:      lint.SafeFix,
	Doc:      ba106Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.CostAnalyzer},
	Run:      runBA106,
}

func runBA106(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	// One ENV below the stage's FROM covers every sync of the stage, and
	// those a fix adds later.
	reported := map[*dockerfile.Stage]bool{}
	for _, sc := range uvSyncSteps(f, build.CostOf(pass)) {
		st := sc.In.Stage
		if sc.Installer.CompileBytecode || reported[st] || !build.ReachesImage(f, st, build.VenvDir(f, sc.In, sc.Cmd)) {
			continue
		}
		reported[st] = true
		fix := lineAfter(f, st.From, "Set UV_COMPILE_BYTECODE=1", "ENV UV_COMPILE_BYTECODE=1")
		lint.Report(pass, f, build.SyncWords(f, sc.Cmd), "uv sync installs into a shipped image without compiling bytecode: Python compiles every module it imports at each container start; set UV_COMPILE_BYTECODE=1", fix)
	}
	return nil, nil
}
