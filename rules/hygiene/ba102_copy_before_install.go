package hygiene

import (
	"bytes"
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba102_copy_before_install.md
var ba102Doc string

// BA102 flags a dependency install that runs after the whole build context
// is copied in, so that any source edit re-runs it.
var BA102 = &lint.Rule{
	Code:     "BA102",
	Name:     "copy-before-install",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba102Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer, build.CostAnalyzer},
	Run:      runBA102,
}

// dependencyInstall is an install of a project's dependencies: what a
// layer of its own, before the source, would keep cached.
func dependencyInstall(c *dockerfile.Command) bool {
	switch c.Kind {
	case dockerfile.UVSync, dockerfile.PoetryInstall, dockerfile.UVPipSync:
		return true
	case dockerfile.UVPipInstall, dockerfile.PipInstall:
		return len(c.RequirementFiles()) > 0
	default:
		return false
	}
}

// firstInstall is the first dependency install a RUN runs, or nil.
func firstInstall(in *dockerfile.Instruction) *dockerfile.Command {
	if !in.Is("run") {
		return nil
	}
	cmds := in.Commands()
	for i := range cmds {
		if dependencyInstall(&cmds[i]) {
			return &cmds[i]
		}
	}
	return nil
}

// contextSource is the source word of a COPY or ADD that copies the whole
// build context, or false.
func contextSource(in *dockerfile.Instruction) (dockerfile.Word, bool) {
	var srcs []string
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From != "" || c.Parents {
			return dockerfile.Word{}, false
		}
		srcs = c.SourcePaths
	case *instructions.AddCommand:
		srcs = c.SourcePaths
	default:
		return dockerfile.Word{}, false
	}
	for _, s := range srcs {
		if !isWholeContext(s) {
			continue
		}
		for _, w := range in.Args[:max(len(in.Args)-1, 0)] {
			if strings.Trim(w.Value, `"`) == s {
				return w, true
			}
		}
		return dockerfile.Word{Value: s, Span: in.ArgsSpan}, true
	}
	return dockerfile.Word{}, false
}

func runBA102(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	cost := build.CostOf(pass)
	for _, st := range f.Stages {
		var copyIn *dockerfile.Instruction
		var src dockerfile.Word
		between := false // an instruction other than COPY/ADD since the copy
		for _, in := range st.Instructions {
			if copyIn == nil {
				if w, ok := contextSource(in); ok && !installedBefore(f, in) {
					copyIn, src = in, w
				}
				continue
			}
			c := firstInstall(in)
			if c == nil {
				between = between || !in.Is("copy") && !in.Is("add")
				continue
			}
			line := f.Position(in.Span.Start).Line
			msg := fmt.Sprintf("the whole build context is copied before the dependency install on line %d (%s): every source edit re-runs it%s",
				line, c.Kind, saving(cost, in))
			var fix *analysis.SuggestedFix
			if !between {
				fix = layersFix(pass, f, copyIn, in, c)
			}
			lint.Report(pass, f, src.Span, msg, fix)
			break
		}
	}
	return nil, nil
}

// installedBefore reports whether a dependency install runs before in, in
// its stage or the stages it is built FROM: an install after the copy is
// then the project's own, over dependencies already in a cached layer.
func installedBefore(f *dockerfile.File, in *dockerfile.Instruction) bool {
	for _, prev := range f.Before(in) {
		if firstInstall(prev) != nil {
			return true
		}
	}
	return false
}

// saving states what the cost model says the install's RUN downloads,
// when it costed the RUN from a lock.
func saving(cost *build.Cost, in *dockerfile.Instruction) string {
	if cost == nil {
		return ""
	}
	var total lint.Range
	costed := false
	for _, sc := range cost.Steps {
		if sc.In != in {
			continue
		}
		if sc.Err != nil || sc.Sync == nil {
			return ""
		}
		total = total.Add(sc.Download)
		costed = true
	}
	if !costed || total.Value == 0 {
		return ""
	}
	about := ""
	if !total.IsExact() {
		about = "about "
	}
	return fmt.Sprintf(" and its %s%s download (uv.lock)", about, lint.FormatBytes(total.Value))
}

// layersFix is uv's intermediate-layers pattern: the dependencies synced
// from uv.lock and pyproject.toml alone, bind-mounted, above the copy; the
// sync after it then installs only the project. It is nil wherever that
// could change what the build does (see the doc's Fix safety).
func layersFix(pass *analysis.Pass, f *dockerfile.File, copyIn, run *dockerfile.Instruction, c *dockerfile.Command) *analysis.SuggestedFix {
	if c.Kind != dockerfile.UVSync || c.HasExpansion() || len(c.Env) > 0 || run.JSON {
		return nil
	}
	if calls := run.Calls(); len(calls) == 0 || calls[0].Span.Start != c.Call.Span.Start {
		return nil // something the RUN does first would come after the sync
	}
	if c.Has("--no-install-project", "--no-install-workspace", "--package", "--all-packages", "--directory", "--project", "--script", "--active") {
		return nil
	}
	if !contextRoot(pass) || !wholeContextIsWorkdir(f, copyIn) {
		return nil
	}
	var flags []string
	for _, fl := range c.Flags {
		text := string(f.Src[fl.Span.Start:fl.Span.End])
		if !fl.Literal || strings.ContainsAny(text, "\\\n\r") {
			return nil
		}
		flags = append(flags, text)
	}
	if len(c.Args) > 0 {
		return nil
	}
	var mounts []string
	cache := false
	for _, fl := range run.Flags {
		text := string(f.Src[fl.Span.Start:fl.Span.End])
		if strings.ContainsAny(text, "\\\n\r") {
			return nil
		}
		mounts = append(mounts, text)
		cache = cache || fl.Name == "mount" && strings.Contains(fl.Value, "type=cache")
	}
	if !cache {
		dir, ok := uvCacheDir(f, run)
		if !ok {
			return nil
		}
		mounts = append(mounts, "--mount=type=cache,target="+dir)
	}
	mounts = append(mounts,
		"--mount=type=bind,source=uv.lock,target=uv.lock",
		"--mount=type=bind,source=pyproject.toml,target=pyproject.toml")
	line := "RUN " + strings.Join(mounts, " ") + " uv sync"
	if len(flags) > 0 {
		line += " " + strings.Join(flags, " ")
	}
	line += " --no-install-project"
	return lineBefore(f, copyIn, "Sync the dependencies from uv.lock before copying the source", line)
}

// contextRoot reports whether uv.lock and pyproject.toml of a single
// project stand at the root of the build context, where a bind mount
// finds them: no workspace member or path dependency that the first sync
// would need the source for, and neither file excluded by .dockerignore.
func contextRoot(pass *analysis.Pass) bool {
	unit := lint.UnitOf(pass)
	lock, proj := lint.LockOf(pass), lint.PyprojectOf(pass)
	if unit.Lock == nil || unit.Pyproject == nil || lock == nil || proj == nil {
		return false
	}
	ctx := filepath.Clean(unit.Context)
	if filepath.Dir(filepath.Clean(unit.Lock.Path)) != ctx || filepath.Dir(filepath.Clean(unit.Pyproject.Path)) != ctx {
		return false
	}
	if proj.UV != nil && proj.UV.Workspace != nil {
		return false
	}
	for _, p := range lock.Packages {
		if (p.Source.IsLocal() || p.Source.Kind == uvlock.Virtual) && p.Source.Value != "." {
			return false
		}
	}
	if ig := unit.Dockerignore; ig != nil {
		patterns, err := ignorefile.ReadAll(bytes.NewReader(ig.Src))
		if err != nil {
			return false
		}
		pm, err := patternmatcher.New(patterns)
		if err != nil {
			return false
		}
		for _, name := range []string{"uv.lock", "pyproject.toml"} {
			if m, err := pm.MatchesOrParentMatches(name); err != nil || m {
				return false
			}
		}
	}
	return true
}

// wholeContextIsWorkdir reports whether the copy puts the context in the
// WORKDIR, where the relative bind-mount targets and the sync read it.
func wholeContextIsWorkdir(f *dockerfile.File, copyIn *dockerfile.Instruction) bool {
	wd, ok := build.Workdir(f, copyIn)
	if !ok {
		return false
	}
	var dest string
	switch c := copyIn.Command.(type) {
	case *instructions.CopyCommand:
		dest = c.DestPath
	case *instructions.AddCommand:
		dest = c.DestPath
	}
	if strings.Contains(dest, "$") {
		return false
	}
	return build.JoinPath(wd, dest) == wd
}

// uvCacheDir is where uv caches for the RUN: UV_CACHE_DIR when ENV sets it
// to a plain absolute path, else root's cache, as long as no USER has made
// another user (with another home) run it. A RUN with UV_NO_CACHE gets no
// cache mount.
func uvCacheDir(f *dockerfile.File, run *dockerfile.Instruction) (string, bool) {
	if dockerfile.Truthy(envAt(f, run, "UV_NO_CACHE")) {
		return "", false
	}
	if v, ok := f.EnvBefore(run, "UV_CACHE_DIR"); ok {
		v = strings.Trim(v, `"'`)
		if !strings.HasPrefix(v, "/") || strings.ContainsAny(v, "$ ,") {
			return "", false
		}
		return v, true
	}
	for _, prev := range f.Before(run) {
		if prev.Is("user") {
			if len(prev.Args) == 0 || !build.RootUser(prev.Args[0].Value) {
				return "", false
			}
			break
		}
	}
	return "/root/.cache/uv", true
}
