package hygiene

import (
	_ "embed"
	"fmt"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba105_uv_link_mode_with_cache.md
var ba105Doc string

// BA105 flags uv run with a cache mount in its default hardlink mode.
var BA105 = &lint.Rule{
	Code:     "BA105",
	Name:     "uv-link-mode-with-cache",
	Category: "hygiene",
	Severity: lint.Info,
	Status:   lint.Pedantic,
	Fix:      lint.SafeFix,
	Doc:      ba105Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, cacheCommandsAnalyzer},
	Run:      runBA105,
}

func runBA105(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachCacheCommand(pass, func(_ *df.Stage, cc cacheCommand) {
		u := cc.use
		if u.Tool != "uv" || !u.Mounted || u.Off || u.Dir == "" || u.LinkMode != "" && u.LinkMode != "hardlink" {
			return
		}
		sub := "install"
		if cc.cmd.Kind == df.UVSync || cc.cmd.Kind == df.UVPipSync {
			sub = "sync"
		}
		var fix *analysis.SuggestedFix
		// A command whose words hold an expansion is not edited: what it
		// runs is not its text, and $ARGS may already set a link mode.
		if sp, ok := build.SubcommandSpan(cc.cmd, sub); ok && !cc.cmd.HasExpansion() {
			fix = lint.Replace(f, "Add --link-mode=copy", df.Span{Start: sp.End, End: sp.End}, " --link-mode=copy")
		}
		lint.Report(pass, f, commandHead(cc.cmd), fmt.Sprintf(
			"%s links from a cache mount, another filesystem: hardlinks fail and uv warns before falling back to a full copy; set UV_LINK_MODE=copy",
			verb(cc.cmd)), fix)
	})
	return nil, nil
}
