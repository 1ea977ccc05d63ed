package hygiene

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba107_dev_deps_in_image.md
var ba107Doc string

// BA107 flags a `uv sync` that installs the dev group into the final image.
var BA107 = &lint.Rule{
	Code:     "BA107",
	Name:     "dev-deps-in-image",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba107Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.LockAnalyzer, build.CostAnalyzer},
	Run:      runBA107,
}

func runBA107(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	lock := lint.LockOf(pass)
	if !build.HasGroup(lock, "dev") {
		return nil, nil
	}
	for _, sc := range uvSyncSteps(f, build.CostOf(pass)) {
		c := sc.Cmd
		// An explicit --group, --all-groups or --only-group asks for what
		// it installs; only uv's default of syncing dev is flagged.
		if sc.Sync.OnlyGroups || c.Has("--group", "--all-groups") || !sc.Sync.GroupSelected("dev") {
			continue
		}
		if devImage(f) || !build.ReachesFinal(f, sc.In.Stage, build.VenvDir(f, sc.In, c)) {
			continue
		}
		dev := sc.OnlyThrough(lock, "dev")
		if len(dev) == 0 {
			continue // every dev package is a runtime dependency too
		}
		var names []string
		var bytes int64
		for _, it := range dev {
			names = append(names, it.Name)
			bytes += it.Download.Value
		}
		what := fmt.Sprintf("the dev group (%s: %s download)", lint.JoinShort(names, 4), lint.FormatBytes(bytes))
		var fix *analysis.SuggestedFix
		if !c.HasExpansion() {
			fix = lint.Replace(f, "Add --no-dev", insertAt(c.Span.End), " --no-dev")
		}
		lint.Report(pass, f, syncWords(f, c), "uv sync installs "+what+" into the final image; add --no-dev", fix)
	}
	return nil, nil
}
