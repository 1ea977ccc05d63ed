package hygiene

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
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
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.LockAnalyzer, build.CostAnalyzer, build.ScopeAnalyzer},
	Run:      runBA107,
}

// groupFlags are the options of uv sync that choose dependency groups.
var groupFlags = []string{"--no-dev", "--only-dev", "--group", "--no-group", "--only-group", "--all-groups", "--no-default-groups"}

// expandedWithout reports whether the command's words, variables expanded
// with the Dockerfile's ARG and ENV defaults, are all known and hold none
// of the options.
func expandedWithout(c *dockerfile.Command, vars shell.EnvGetter, options []string) bool {
	words, ok := c.ExpandedArgs(vars)
	if !ok {
		return false
	}
	for _, w := range words {
		name, _, _ := strings.Cut(w, "=")
		if slices.Contains(options, name) {
			return false
		}
	}
	return true
}

// asksForDev reports whether another sync of the same image asks for the
// dev group by name or for every group.
func asksForDev(f *dockerfile.File, syncs []*build.StepCost, sc *build.StepCost) bool {
	for _, o := range syncs {
		if o == sc || !build.Ships(f, o.In.Stage) && o.In.Stage != sc.In.Stage {
			continue
		}
		if o.Cmd.Has("--all-groups") || slices.Contains(o.Cmd.Values("--group"), "dev") {
			return true
		}
	}
	return false
}

func runBA107(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	lock := lint.LockOf(pass)
	if !build.HasGroup(lock, "dev") {
		return nil, nil
	}
	syncs := uvSyncSteps(f, build.CostOf(pass))
	scope := build.ScopeOf(pass)
	for _, sc := range syncs {
		c := sc.Cmd
		// An explicit --group, --all-groups or --only-group asks for what
		// it installs; only uv's default of syncing dev is flagged.
		if sc.Sync.OnlyGroups || c.Has("--group", "--all-groups") || !sc.Sync.GroupSelected("dev") {
			continue
		}
		// A word with a variable may hold --no-dev; a sync of the same
		// image that asks for the groups says the dev tools are meant.
		if c.HasExpansion() && !expandedWithout(c, scope.VarsAt(sc.In), groupFlags) || asksForDev(f, syncs, sc) {
			continue
		}
		if !build.ReachesImage(f, sc.In.Stage, build.VenvDir(f, sc.In, c)) {
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
			fix = lint.Insert(f, "Add --no-dev", c.Span.End, " --no-dev")
		}
		lint.Report(pass, f, build.SyncWords(f, c), "uv sync installs "+what+" into a shipped image; add --no-dev", fix)
	}
	return nil, nil
}
