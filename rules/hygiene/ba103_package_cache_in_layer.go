package hygiene

import (
	_ "embed"
	"fmt"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba103_package_cache_in_layer.md
var ba103Doc string

// BA103 flags uv's cache left, as a copy of the installed packages, in a
// layer of the image.
var BA103 = &lint.Rule{
	Code:     "BA103",
	Name:     "package-cache-in-layer",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.SafeFix,
	// Where uv's cache stays in a shipped layer, the missing cache mount
	// is the same problem: one finding, with the bytes.
	Aliases:  []string{"BA101"},
	Doc:      ba103Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.CostAnalyzer, cacheCommandsAnalyzer},
	Run:      runBA103,
}

func runBA103(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	ships := build.ShippedStages(f)
	eachCacheCommand(pass, func(st *df.Stage, cc cacheCommand) {
		u := cc.use
		if u.Tool != "uv" || !u.InCache() || st.Index >= len(ships) || !ships[st.Index] {
			return
		}
		// In its default hardlink mode uv links the environment's files to
		// the cache's: in one layer they are stored once, and the cache
		// costs little. Copy and clone (a copy on overlayfs) store twice.
		if u.LinkMode != "copy" && u.LinkMode != "clone" {
			return
		}
		where := "uv's cache"
		if u.Dir != "" {
			where += " (" + u.Dir + ")"
		}
		msg := fmt.Sprintf("%s stays in the image layer, a second copy of what %s installs", where, verb(cc.cmd))
		if size := installedBytes(pass, cc.cmd); size != "" {
			msg += ": an estimated " + size
		}
		fix, why := mountFix(f, cc)
		if fix == nil && why != "" {
			msg += "; no fix: " + why
		}
		lint.Report(pass, f, commandHead(cc.cmd), msg, fix)
	})
	return nil, nil
}

// installedBytes is the cost model's estimate of what the command
// installs, which uv's cache holds unpacked; "" when it has none.
func installedBytes(pass *analysis.Pass, c *df.Command) string {
	cost := build.CostOf(pass)
	if cost == nil {
		return ""
	}
	for _, sc := range cost.Steps {
		if sc.Cmd == c && sc.Err == nil && sc.Installed.Value > 0 {
			return lint.FormatRange(sc.Installed)
		}
	}
	return ""
}
