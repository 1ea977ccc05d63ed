package build

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/tools/go/analysis"
)

// DefaultHeavyLayer is the layer size above which an install is heavy when
// the configuration sets no heavy_layer.
const DefaultHeavyLayer = 2 << 30

// minHeavyStack is the download of heavy packages below which moving them
// into a layer of their own saves too little to report.
const minHeavyStack = 500_000_000

// HeavyLayer is an install step that writes more than the heavy-layer
// limit into one layer after a copy of source files: every edit of those
// files downloads its heavy stack again.
type HeavyLayer struct {
	// Src is the copy of source files the install follows.
	Src *dockerfile.Instruction
	// Heavy are the heavy items (torch, CUDA libraries, triton, large
	// binary wheels) and HeavyBytes their download.
	Heavy      []Item
	HeavyBytes int64
}

// HeavyAfterSource says whether step sc is a heavy layer after a source
// copy, as BA301 reports it; limit <= 0 means DefaultHeavyLayer. It is the
// one test of "heavy install after the source" so that the rules that
// offer the same layer split (BA301, BA102) report each RUN once.
func HeavyAfterSource(f *dockerfile.File, sc *StepCost, limit int64) (HeavyLayer, bool) {
	if limit <= 0 {
		limit = DefaultHeavyLayer
	}
	// A lock given alone has no layers to arrange.
	if sc.Err != nil || sc.In == nil || sc.Installed.Value <= limit {
		return HeavyLayer{}, false
	}
	// The heavy layer is worth a finding only when a change to the
	// Dockerfile would spare it: installed before the source is copied,
	// source edits reuse it.
	src := SourceCopyBefore(f, sc.In)
	if src == nil {
		return HeavyLayer{}, false
	}
	// A command that names packages brings the heavy stack it names
	// (torch with its CUDA wheels), not the heavy dependencies of what it
	// names: torch among accelerate's dependencies is usually installed
	// already.
	named := sc.Sync == nil && len(sc.Reqs) == 0
	torchNamed := named && slices.Contains(sc.Named, "torch")
	h := HeavyLayer{Src: src}
	for _, it := range sc.Items {
		withTorch := torchNamed && (it.Family == FamilyCUDA || it.Family == FamilyTriton)
		if !IsHeavy(it) || named && !slices.Contains(sc.Named, it.Name) && !withTorch {
			continue
		}
		h.Heavy = append(h.Heavy, it)
		h.HeavyBytes += it.Download.Value
	}
	return h, h.HeavyBytes >= minHeavyStack
}

// IsHeavy reports whether an item belongs to the heavy stack of an
// install: torch, CUDA libraries, triton and the large binary wheels.
func IsHeavy(it Item) bool {
	switch it.Family {
	case FamilyCUDA, FamilyTorch, FamilyTorchCPU, FamilyTriton, FamilyHeavyNative:
		return true
	default:
	}
	return false
}

// LayerSplitFix is uv's intermediate-layers pattern for a `uv sync` c in
// run that follows copyIn, a copy of the source into the WORKDIR: the
// dependencies synced from uv.lock and pyproject.toml alone, bind-mounted,
// above the copy, with the sync's options and the RUN's mounts; the sync
// after it then installs only the project. saving ends the fix's
// description ("" for none). It is nil wherever that could change what
// the build does: an instruction other than COPY or ADD between the copy
// and the RUN (it would come after the sync), a sync whose words are not
// plain, a project that is not alone at the root of the build context.
func LayerSplitFix(pass *analysis.Pass, f *dockerfile.File, copyIn, run *dockerfile.Instruction, c *dockerfile.Command, saving string) *analysis.SuggestedFix {
	if c.Kind != dockerfile.UVSync || c.HasExpansion() || len(c.Env) > 0 || run.JSON || copyIn.Stage != run.Stage || copyIn.Stage == nil {
		return nil
	}
	for _, in := range copyIn.Stage.Instructions {
		if in.Span.Start > copyIn.Span.Start && in.Span.Start < run.Span.Start && !in.Is("copy") && !in.Is("add") {
			return nil
		}
	}
	if calls := run.Calls(); len(calls) == 0 || calls[0].Span.Start != c.Call.Span.Start {
		return nil // something the RUN does first would come after the sync
	}
	if c.Has("--no-install-project", "--no-install-workspace", "--package", "--all-packages", "--directory", "--project", "--script", "--active") {
		return nil
	}
	if !contextRoot(pass) || !copiesIntoWorkdir(f, copyIn) {
		return nil
	}
	if wd, _ := Workdir(f, copyIn); !sameWorkdir(f, run, wd) {
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
	desc := "Sync the dependencies from uv.lock before copying the source"
	if saving != "" {
		desc += fmt.Sprintf(" (%s)", saving)
	}
	return LineBefore(f, copyIn, desc, line)
}

// sameWorkdir reports whether the RUN runs in dir.
func sameWorkdir(f *dockerfile.File, run *dockerfile.Instruction, dir string) bool {
	wd, ok := Workdir(f, run)
	return ok && wd == dir
}

// LineBefore is the fix that inserts line (without its line break) as an
// instruction of its own above in, with in's indentation and the file's
// line ending.
func LineBefore(f *dockerfile.File, in *dockerfile.Instruction, description, line string) *analysis.SuggestedFix {
	start := in.Span.Start
	for start > 0 && f.Src[start-1] != '\n' {
		start--
	}
	eol := "\n"
	if i := bytes.IndexByte(f.Src[in.Span.Start:], '\n'); i > 0 && f.Src[in.Span.Start+i-1] == '\r' {
		eol = "\r\n"
	}
	indent := string(f.Src[start:in.Span.Start])
	if strings.TrimLeft(indent, " \t") != "" {
		return nil
	}
	return lint.Insert(f, description, start, indent+line+eol)
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

// copiesIntoWorkdir reports whether the copy puts what it copies in the
// WORKDIR, where the relative bind-mount targets and the sync read it.
func copiesIntoWorkdir(f *dockerfile.File, copyIn *dockerfile.Instruction) bool {
	wd, ok := Workdir(f, copyIn)
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
	return JoinPath(wd, dest) == wd
}

// uvCacheDir is where uv caches for the RUN: UV_CACHE_DIR when ENV sets it
// to a plain absolute path, else root's cache, as long as no USER has made
// another user (with another home) run it. A RUN with UV_NO_CACHE gets no
// cache mount.
func uvCacheDir(f *dockerfile.File, run *dockerfile.Instruction) (string, bool) {
	if v, _ := f.EnvBefore(run, "UV_NO_CACHE"); dockerfile.Truthy(strings.Trim(v, `"'`)) {
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
			if len(prev.Args) == 0 || !RootUser(prev.Args[0].Value) {
				return "", false
			}
			break
		}
	}
	return "/root/.cache/uv", true
}
