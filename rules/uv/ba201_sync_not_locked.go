package uv

import (
	_ "embed"

	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
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
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.ScopeAnalyzer},
	Run:      runBA201,
}

func runBA201(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	scope := build.ScopeOf(pass)
	var x *dockerfile.Expander
	for _, s := range uvSyncs(f) {
		vars := scope.VarsAt(s.in)
		if x == nil {
			x = dockerfile.NewExpander(f)
		}
		locked, known := syncLocked(f, x, vars, s)
		if locked || !known {
			continue
		}
		var fix *analysis.SuggestedFix
		// A word with an expansion makes the command something other than
		// its text (a build arg may still bring --frozen, and uv refuses
		// --locked with --frozen): report, but never edit it.
		if !s.cmd.HasExpansion() {
			fix = lint.Insert(f, "Add --locked", s.sync.End, " --locked")
		}
		lint.Report(pass, f, s.sync, "uv sync runs without --locked or --frozen: it re-resolves when uv.lock is stale instead of failing", fix)
	}
	return nil, nil
}

// syncLocked reports whether the sync is locked or frozen, by flag or by
// UV_LOCKED/UV_FROZEN, and whether that is known: a word or a value that
// holds a variable the Dockerfile's ARG and ENV do not settle may hold
// the flag.
func syncLocked(f *dockerfile.File, x *dockerfile.Expander, vars shell.EnvGetter, s uvSync) (locked, known bool) {
	if s.cmd.Has("--locked", "--frozen") {
		return true, true
	}
	known = true
	// truthy reads a value that may name variables of the Dockerfile.
	truthy := func(v string) bool {
		if !strings.Contains(v, "$") {
			return dockerfile.Truthy(v)
		}
		res, err := x.WithMatches(v, vars)
		if err != nil || len(res.Unmatched) > 0 {
			known = false
			return false
		}
		return dockerfile.Truthy(res.Result)
	}
	for _, name := range []string{"UV_LOCKED", "UV_FROZEN"} {
		if v, ok := s.cmd.Env[name]; ok && truthy(v) {
			return true, true
		}
		if v, ok := f.EnvBefore(s.in, name); ok && truthy(v) {
			return true, true
		}
	}
	if s.cmd.HasExpansion() {
		words, ok := s.cmd.ExpandedArgs(vars)
		if !ok {
			return false, false
		}
		if slices.ContainsFunc(words, func(w string) bool {
			return w == "--locked" || w == "--frozen" || strings.HasPrefix(w, "--locked=") || strings.HasPrefix(w, "--frozen=")
		}) {
			return true, true
		}
	}
	return false, known
}
