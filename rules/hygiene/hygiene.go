// Package hygiene holds the build-hygiene rules (BA1nn): how a Python image
// gets uv and installs its dependencies with uv, pip and poetry — where uv
// comes from, caches, the order of its layers, what it leaves in the final
// image, what it does again at every container start — judged per stage: a
// stage whose layers end up in the image differently from a builder stage
// whose files are not copied out.
package hygiene

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

// Rules lists the hygiene rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{BA101, BA102, BA103, BA104, BA105, BA106, BA107, BA108, BA109, BA110, BA111, BA112, BA113, BA114}
}

// needsDockerfile is the Requires list of the rules that read the
// Dockerfile alone.
var needsDockerfile = []*analysis.Analyzer{lint.DockerfileAnalyzer}

// cacheCommand is one install command of a RUN with how it uses its
// cache.
type cacheCommand struct {
	st  *df.Stage
	in  *df.Instruction
	cmd *df.Command
	use build.CacheUse
}

// cacheCommandsAnalyzer finds the commands eachCacheCommand visits once
// for the rules that read them (BA101, BA103, BA105).
var cacheCommandsAnalyzer = &analysis.Analyzer{
	Name:       "cachecommands",
	Doc:        "install commands that use a cache\n\nThe first command of each tool in each RUN of the stages' own instructions that uses a cache ballast knows where to find.",
	Requires:   needsDockerfile,
	Run:        findCacheCommands,
	ResultType: reflect.TypeFor[[]cacheCommand](),
}

func findCacheCommands(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return []cacheCommand(nil), nil
	}
	var out []cacheCommand
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if !in.Is("RUN") || !f.MayRunUV(in) && !f.MayMentionWord(in, "poetry") && !f.MayMention(in, "pip") && !f.MayMention(in, "apt") {
				continue
			}
			seen := map[string]bool{}
			cmds := in.Commands()
			for i := range cmds {
				use, ok := build.CacheOf(f, in, &cmds[i])
				if !ok || seen[use.Tool] {
					continue
				}
				seen[use.Tool] = true
				out = append(out, cacheCommand{st, in, &cmds[i], use})
			}
		}
	}
	return out, nil
}

// eachCacheCommand calls fn for the first command of each tool in each RUN
// of the stages' own instructions that uses a cache ballast knows where
// to find: one finding per RUN and tool, since one mount serves them all.
// The rule requires cacheCommandsAnalyzer.
func eachCacheCommand(pass *analysis.Pass, fn func(st *df.Stage, cc cacheCommand)) {
	for _, cc := range pass.ResultOf[cacheCommandsAnalyzer].([]cacheCommand) {
		fn(cc.st, cc)
	}
}

// commandHead is the span of the program and its subcommand ("uv sync",
// "uv pip install", "poetry install", "pip install").
func commandHead(c *df.Command) df.Span {
	sub := "install"
	if c.Kind == df.UVSync || c.Kind == df.UVPipSync {
		sub = "sync"
	}
	if sp, ok := build.SubcommandSpan(c, sub); ok {
		return df.Span{Start: c.Span.Start, End: sp.End}
	}
	return c.Span
}

// verb names the command for messages.
func verb(c *df.Command) string { return c.Kind.String() }

// mountFix is the edit that gives the command's tool a cache mount where
// it caches: the target of a mount meant for it moved there, or a new
// mount. It is nil, with the reason, when no edit is sure to build the
// same thing: another user's home or uid, a venv that poetry keeps in its
// cache, uv's symlink mode (the venv would point into a cache that is not
// in the image), a frontend without --mount, or a RUN that removes the
// cache itself (rm fails on a mount point).
func mountFix(f *df.File, cc cacheCommand) (*analysis.SuggestedFix, string) {
	u := cc.use
	switch {
	case u.Dir == "":
		return nil, u.Unknown
	case !u.Root:
		return nil, "the RUN runs as a non-root user, whose cache mount needs that user's uid"
	case u.LinkMode == "symlink":
		return nil, "uv's symlink mode would leave the environment pointing into the cache mount"
	case u.Tool == "uv" && linksIntoCache(f):
		return nil, "the Dockerfile links uv environments into the cache (symlink mode), which then must stay in the image"
	case u.Tool == "poetry" && !poetryVenvOutsideCache(f, cc):
		return nil, "poetry keeps its virtualenvs in its cache dir unless POETRY_VIRTUALENVS_CREATE=false or POETRY_VIRTUALENVS_IN_PROJECT=true"
	case !build.MountsSupported(f):
		return nil, "the syntax directive pins a Dockerfile frontend without RUN --mount"
	}
	if u.Stray != nil {
		if u.Stray.TargetSpan.End == 0 {
			return nil, "the mount's target is written in a way ballast does not edit"
		}
		return lint.Replace(f, fmt.Sprintf("Mount the cache at %s", u.Dir), u.Stray.TargetSpan, u.Dir), ""
	}
	at := build.MountInsert(cc.in)
	return lint.Replace(f, fmt.Sprintf("Add a %s cache mount", u.Tool), df.Span{Start: at, End: at},
		"--mount=type=cache,target="+u.Dir+" "), ""
}

// poetryVenvOutsideCache reports whether poetry installs outside its cache
// dir: into the system environment or an in-project .venv.
func poetryVenvOutsideCache(f *df.File, cc cacheCommand) bool {
	vars := df.ScopeOf(f).VarsAt(cc.in)
	get := func(k string) (string, bool) {
		if v, ok := cc.cmd.Env[k]; ok {
			return v, true
		}
		return vars.Get(k)
	}
	if v, ok := get("POETRY_VIRTUALENVS_CREATE"); ok && falsy(v) {
		return true
	}
	v, ok := get("POETRY_VIRTUALENVS_IN_PROJECT")
	return ok && df.Truthy(v)
}

// falsy reports whether a boolean setting's value says no.
func falsy(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "0", "false", "no", "off", "n", "f":
		return true
	}
	return false
}

// linksIntoCache reports whether any uv command of the file may run in
// symlink mode: its environments then point into uv's cache, and a RUN
// that fills the cache in the image may be there on purpose. An ENV or ARG
// that sets UV_LINK_MODE=symlink counts wherever it stands (a later stage
// may build on it); a command counts through its flag, its assignments
// and the values before it.
func linksIntoCache(f *df.File) bool {
	for _, in := range f.Instructions {
		switch c := in.Command.(type) {
		case *instructions.EnvCommand:
			if slices.ContainsFunc(c.Env, symlinkMode) {
				return true
			}
		case *instructions.ArgCommand:
			for _, a := range c.Args {
				if a.Value != nil && symlinkMode(instructions.KeyValuePair{Key: a.Key, Value: *a.Value}) {
					return true
				}
			}
		case *instructions.RunCommand:
			if !f.MayRunUV(in) {
				continue
			}
			cmds := in.Commands()
			for i := range cmds {
				if use, ok := build.CacheOf(f, in, &cmds[i]); ok && use.Tool == "uv" && use.LinkMode == "symlink" {
					return true
				}
			}
		}
	}
	return false
}

// symlinkMode reports whether an ENV or ARG pair sets uv's symlink mode.
func symlinkMode(kv instructions.KeyValuePair) bool {
	return kv.Key == "UV_LINK_MODE" && strings.Trim(kv.Value, `"'`) == "symlink"
}
