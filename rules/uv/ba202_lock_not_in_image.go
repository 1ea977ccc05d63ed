package uv

import (
	_ "embed"
	"os"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba202_lock_not_in_image.md
var ba202Doc string

// BA202 flags `uv sync` in a stage that never receives uv.lock.
var BA202 = &lint.Rule{
	Code:     "BA202",
	Name:     "lock-not-in-image",
	Category: "uv",
	Severity: lint.Error,
	Doc:      ba202Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.UnitAnalyzer},
	Run:      runBA202,
}

func runBA202(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	ctx := lint.UnitOf(pass).Context
	for _, s := range uvSyncs(f) {
		if mountsLock(s.in, ctx) || copiedBefore(f, s.in, ctx) {
			continue
		}
		lint.Reportf(pass, f, s.sync, "uv sync runs with no uv.lock in the stage: nothing copies or mounts it before this RUN, so uv resolves afresh")
	}
	return nil, nil
}

// mountsLock reports whether the RUN bind-mounts uv.lock or a folder that
// may hold it.
func mountsLock(in *dockerfile.Instruction, ctx string) bool {
	run, ok := in.Command.(*instructions.RunCommand)
	if !ok {
		return false
	}
	for _, m := range instructions.GetMounts(run) {
		if m.Type != instructions.MountTypeBind {
			continue
		}
		if m.From != "" {
			if mayHoldLock(m.Source, "") {
				return true
			}
			continue
		}
		if mayHoldLock(m.Source, ctx) {
			return true
		}
	}
	return false
}

// copiedBefore reports whether a COPY or ADD before in (in its stage or the
// stages it builds on) brings uv.lock in.
func copiedBefore(f *dockerfile.File, in *dockerfile.Instruction, ctx string) bool {
	for _, prev := range f.Before(in) {
		switch c := prev.Command.(type) {
		case *instructions.CopyCommand:
			root := ctx
			if c.From != "" {
				root = ""
			}
			for _, src := range c.SourcePaths {
				if mayHoldLock(src, root) {
					return true
				}
			}
		case *instructions.AddCommand:
			for _, src := range c.SourcePaths {
				if mayHoldLock(src, ctx) {
					return true
				}
			}
		}
	}
	return false
}

// mayHoldLock decides whether a copied or mounted source brings uv.lock:
// the lock itself, a glob that matches it, or a folder holding it. With a
// context on disk, a folder is looked into; without one (another stage, an
// image) any folder-like source may hold it.
func mayHoldLock(src, ctx string) bool {
	src = strings.TrimPrefix(filepath.ToSlash(src), "./")
	if src == "" || src == "." || src == "/" {
		return true
	}
	if isLockPath(src) {
		return true
	}
	base := filepath.Base(src)
	if ok, _ := filepath.Match(base, "uv.lock"); ok {
		return true
	}
	if strings.ContainsAny(src, "$") {
		return true // unknown until build arguments are known
	}
	if ctx == "" {
		return !strings.Contains(base, ".")
	}
	p := filepath.Join(ctx, filepath.FromSlash(strings.TrimPrefix(src, "/")))
	if st, err := os.Stat(p); err == nil {
		if !st.IsDir() {
			return false
		}
		_, err := os.Stat(filepath.Join(p, "uv.lock"))
		return err == nil
	}
	// Not in the context as ballast sees it: judge by the name.
	return !strings.Contains(base, ".")
}
