package dockerfile

import (
	_ "embed"
	"slices"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3059_consecutive_runs.md
var dl3059Doc string

// DL3059 flags consecutive single-command RUNs that could be one.
var DL3059 = &lint.Rule{
	Code: "DL3059", Name: "consecutive-runs", Category: "dockerfile", Severity: lint.Info,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3059",
	Doc:      dl3059Doc,
	Requires: needsDockerfile,
	Run:      runDL3059,
}

// commandCount is the number of simple commands a RUN runs.
func commandCount(in *df.Instruction) int {
	if in.JSON {
		return 1
	}
	sc := in.Shell()
	var seen []any
	for _, c := range in.Calls() {
		if c.Script == sc && !slices.Contains(seen, any(c.Expr)) {
			seen = append(seen, c.Expr)
		}
	}
	return len(seen)
}

func runFlagsText(f *df.File, in *df.Instruction) []string {
	out := make([]string, len(in.Flags))
	for i, fl := range in.Flags {
		out[i] = string(f.Src[fl.Span.Start:fl.Span.End])
	}
	return out
}

func runDL3059(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	var prev *df.Instruction
	for _, in := range f.Instructions {
		if !in.Is("RUN") {
			prev = nil
			continue
		}
		if prev != nil && commandCount(prev) <= 1 && commandCount(in) <= 1 &&
			slices.Equal(runFlagsText(f, prev), runFlagsText(f, in)) {
			lint.Reportf(pass, f, in.KeywordSpan, "RUN follows a single-command RUN on line %d; merge them with &&", prev.StartLine)
		}
		prev = in
	}
	return nil, nil
}
