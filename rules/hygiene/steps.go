package hygiene

import (
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// inStage reports whether in runs in its stage: an instruction wrapped by
// ONBUILD runs only in the images built FROM this one, which the file
// does not show.
func inStage(f *dockerfile.File, in *dockerfile.Instruction) bool {
	if in == nil || in.Stage == nil {
		return false
	}
	i := f.IndexInStage(in)
	return i < len(in.Stage.Instructions) && in.Stage.Instructions[i] == in
}

// uvSyncSteps are the costed `uv sync` steps that run in their stage.
func uvSyncSteps(f *dockerfile.File, cost *build.Cost) []*build.StepCost {
	var out []*build.StepCost
	if f == nil || cost == nil {
		return nil
	}
	for _, sc := range cost.Steps {
		if sc.Cmd != nil && sc.Cmd.Kind == dockerfile.UVSync && sc.Sync != nil && inStage(f, sc.In) {
			out = append(out, sc)
		}
	}
	return out
}

// lineAfter is the fix that inserts line as an instruction of its own
// below in, with in's indentation and the file's line ending.
func lineAfter(f *dockerfile.File, in *dockerfile.Instruction, description, line string) *analysis.SuggestedFix {
	start := in.Span.Start
	for start > 0 && f.Src[start-1] != '\n' {
		start--
	}
	indent := string(f.Src[start:in.Span.Start])
	if strings.TrimLeft(indent, " \t") != "" {
		return nil
	}
	end := in.Span.End
	eol := "\n"
	if end < len(f.Src) && f.Src[end] == '\r' {
		eol = "\r\n"
	}
	return lint.Insert(f, description, end, eol+indent+line)
}
