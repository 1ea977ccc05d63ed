package hygiene

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
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
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer, lint.ConfigAnalyzer, build.CostAnalyzer},
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
	limit := lint.ConfigOf(pass).HeavyLayer
	for _, st := range f.Stages {
		var copyIn *dockerfile.Instruction
		var src dockerfile.Word
		for _, in := range st.Instructions {
			if copyIn == nil {
				if w, ok := contextSource(in); ok && !installedBefore(f, in) {
					copyIn, src = in, w
				}
				continue
			}
			c := firstInstall(in)
			if c == nil {
				continue
			}
			if heavyRun(f, cost, in, limit) {
				break // BA301 reports it, with the same fix and the heavy stack's cost
			}
			line := f.Position(in.Span.Start).Line
			msg := fmt.Sprintf("the whole build context is copied before the dependency install on line %d (%s): every source edit re-runs it%s",
				line, c.Kind, saving(cost, in))
			fix := build.LayerSplitFix(pass, f, copyIn, in, c, "")
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

// heavyRun reports whether a step of the RUN is a heavy layer after a
// source copy: BA301's finding, which offers the same layer split.
func heavyRun(f *dockerfile.File, cost *build.Cost, run *dockerfile.Instruction, limit int64) bool {
	if cost == nil {
		return false
	}
	for _, sc := range cost.Steps {
		if sc.In != run {
			continue
		}
		if _, ok := build.HeavyAfterSource(f, sc, limit); ok {
			return true
		}
	}
	return false
}
