package hygiene

import (
	_ "embed"
	"fmt"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba101_install_without_cache_mount.md
var ba101Doc string

// BA101 flags a uv or poetry install whose RUN has no cache mount where
// the tool caches and does not turn the cache off.
var BA101 = &lint.Rule{
	Code:     "BA101",
	Name:     "install-without-cache-mount",
	Category: "hygiene",
	Severity: lint.Info,
	Fix:      lint.SafeFix,
	Doc:      ba101Doc,
	Requires: needsDockerfile,
	Run:      runBA101,
}

func runBA101(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachCacheCommand(f, func(_ *df.Stage, cc cacheCommand) {
		u := cc.use
		if !u.InCache() {
			return
		}
		fix, why := mountFix(f, cc)
		sp := commandHead(cc.cmd)
		var msg string
		if u.Stray != nil {
			if u.Stray.TargetSpan.End > 0 {
				sp = u.Stray.TargetSpan
			}
			where := "where " + u.Tool + " caches"
			if u.Dir != "" {
				where = fmt.Sprintf("%s (%s)", where, u.Dir)
			}
			msg = fmt.Sprintf("the cache mount at %s is not %s: %s never reads it and downloads every package again on each rebuild",
				u.Stray.Target, where, verb(cc.cmd))
		} else {
			msg = fmt.Sprintf("%s runs without a cache mount", verb(cc.cmd))
			if u.Dir != "" {
				msg += fmt.Sprintf(" at %s's cache (%s)", u.Tool, u.Dir)
			}
			msg += ": each rebuild of this layer downloads every package again"
		}
		if fix == nil && why != "" {
			msg += "; no fix: " + why
		}
		lint.Report(pass, f, sp, msg, fix)
	})
	return nil, nil
}
