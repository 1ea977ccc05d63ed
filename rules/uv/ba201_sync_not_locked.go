package uv

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba201_sync_not_locked.md
var ba201Doc string

// BA201 flags `uv sync` that may re-resolve instead of installing the lock.
var BA201 = &lint.Rule{
	Code:     "BA201",
	Name:     "sync-not-locked",
	Category: "uv",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba201Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer},
	Run:      runBA201,
}

func runBA201(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, s := range uvSyncs(f) {
		if s.cmd.Has("--locked", "--frozen") || dockerfile.Truthy(s.cmd.Env["UV_LOCKED"]) || dockerfile.Truthy(s.cmd.Env["UV_FROZEN"]) {
			continue
		}
		if v, ok := f.EnvBefore(s.in, "UV_LOCKED"); ok && dockerfile.Truthy(v) {
			continue
		}
		if v, ok := f.EnvBefore(s.in, "UV_FROZEN"); ok && dockerfile.Truthy(v) {
			continue
		}
		fix := lint.Replace(f, "Add --locked", lintSpan(s.sync.End), " --locked")
		lint.Report(pass, f, s.sync, "uv sync runs without --locked or --frozen: it re-resolves when uv.lock is stale instead of failing", fix)
	}
	return nil, nil
}
