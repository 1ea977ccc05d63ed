package dockerfile

import (
	_ "embed"
	"path"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

//go:embed dl3042_pip_cache_dir.md
var dl3042Doc string

// DL3042 flags pip install without --no-cache-dir.
var DL3042 = &lint.Rule{
	Code: "DL3042", Name: "pip-without-no-cache-dir", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3042",
	DocFile:  "rules/dockerfile/dl3042_pip_cache_dir.md",
	Doc:      dl3042Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer},
	Run:      runDL3042,
}

func runDL3042(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	targets := pass.ResultOf[build.TargetAnalyzer].(*build.Targets)
	eachInstall(f, func(in *df.Instruction, c *df.Command) {
		if c.Has("--no-cache-dir") || pipCacheMounted(f, in, c) {
			return
		}
		if v, ok := pipEnv(f, in, c, "PIP_NO_CACHE_DIR"); ok {
			if df.Truthy(v) {
				return
			}
		} else if baseSets(targets, f, in, "PIP_NO_CACHE_DIR") {
			return
		}
		fix := insertAfterSubcommand(f, c, "install", "Add --no-cache-dir", " --no-cache-dir")
		lint.Report(pass, f, headSpan(c, "install"), "pip install without --no-cache-dir leaves pip's cache in the layer", fix)
	}, df.PipInstall)
	return nil, nil
}

// pipEnv is the value pip sees for name: set before the command, exported
// earlier in the RUN, or by an ENV of the stage or a stage it builds on.
func pipEnv(f *df.File, in *df.Instruction, c *df.Command, name string) (string, bool) {
	if v, ok := c.Env[name]; ok {
		return v, true
	}
	if v, ok := exportedVar(in, name); ok {
		return v, true
	}
	return stageEnv(f, in, name)
}

// pipCacheMounted reports whether a cache or tmpfs mount holds pip's cache
// directory: the default ~/.cache/pip (any home), or the one --cache-dir or
// PIP_CACHE_DIR names.
func pipCacheMounted(f *df.File, in *df.Instruction, c *df.Command) bool {
	dir := ""
	if v := c.Values("--cache-dir"); len(v) > 0 {
		dir = v[len(v)-1]
	} else if v, ok := pipEnv(f, in, c, "PIP_CACHE_DIR"); ok {
		dir = strings.Trim(v, `"'`)
	}
	if dir == "" {
		return hasCacheMount(in, func(t string) bool { return strings.Contains(t, ".cache/pip") })
	}
	dir = path.Clean(dir)
	return hasCacheMount(in, func(t string) bool { return path.Clean(t) == dir })
}

// baseSets reports whether the image in's stage chain starts from sets
// name in its config, as far as the base-image table knows.
func baseSets(targets *build.Targets, f *df.File, in *df.Instruction, name string) bool {
	st := stageOf(f, in)
	if st == nil || st.Index >= len(targets.Stages()) {
		return false
	}
	env, ok := build.LookupImageEnv(targets.Stages()[st.Index].Ref)
	return ok && env.Sets(name)
}

// exportedVar is the value of the last `export NAME=value` in the
// instruction's script.
func exportedVar(in *df.Instruction, name string) (string, bool) {
	sc := in.Shell()
	if sc == nil || sc.File == nil {
		return "", false
	}
	val, found := "", false
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		d, ok := n.(*syntax.DeclClause)
		if !ok || d.Variant == nil || d.Variant.Value != "export" {
			return true
		}
		for _, a := range d.Args {
			if a.Name != nil && a.Name.Value == name && a.Value != nil {
				val, found = unquotedLit(a.Value), true
			}
		}
		return true
	})
	return val, found
}

// stageEnv is the value ENV gives name for instruction in: the last ENV
// before it in its stage, else in the stages it builds on.
func stageEnv(f *df.File, in *df.Instruction, name string) (string, bool) {
	st := stageOf(f, in)
	before := in.Span.Start
	for depth := 0; st != nil && depth < len(f.Stages); depth++ {
		val, found := "", false
		for _, si := range st.Instructions {
			if si.Span.Start >= before {
				break
			}
			env, ok := si.Command.(*instructions.EnvCommand)
			if !ok {
				continue
			}
			for _, kv := range env.Env {
				if kv.Key == name {
					val, found = kv.Value, true
				}
			}
		}
		if found {
			return val, true
		}
		st = baseStage(f, st)
		if st != nil {
			before = len(f.Src) + 1
		}
	}
	return "", false
}

// stageOf is the stage holding the instruction (by position, so that an
// instruction wrapped by ONBUILD finds its stage too).
func stageOf(f *df.File, in *df.Instruction) *df.Stage {
	if in.Stage != nil {
		return in.Stage
	}
	var found *df.Stage
	for _, st := range f.Stages {
		if st.From != nil && st.From.Span.Start <= in.Span.Start {
			found = st
		}
	}
	return found
}

// baseStage is the earlier stage st's FROM names, or nil.
func baseStage(f *df.File, st *df.Stage) *df.Stage {
	if st.Typed == nil {
		return nil
	}
	for _, prev := range f.Stages[:min(st.Index, len(f.Stages))] {
		if prev.Name != "" && strings.EqualFold(prev.Name, st.Typed.BaseName) {
			return prev
		}
	}
	return nil
}

// unquotedLit is the value of a word made of literals and quotes only, ""
// otherwise.
func unquotedLit(w *syntax.Word) string {
	var b strings.Builder
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.Lit:
			b.WriteString(strings.ReplaceAll(p.Value, "\\", ""))
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				l, ok := q.(*syntax.Lit)
				if !ok {
					return ""
				}
				b.WriteString(l.Value)
			}
		default:
			return ""
		}
	}
	return b.String()
}
