package dockerfile

import (
	"slices"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3059 flags consecutive single-command RUNs that could be one.
var DL3059 = &lint.Rule{
	Code: "DL3059", Name: "consecutive-runs", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3059",
	Doc: `RUN follows a RUN that it could be merged with

## Why
Every RUN makes a layer and a cache entry. Two RUNs in a row with the
same flags, each running a single command, can be one RUN joined with
` + "`&&`" + `: one layer fewer, and files the second command deletes never
reach the image.

## Example
` + "```dockerfile\nFROM debian:12\nRUN ./configure\nRUN make\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN ./configure && make\n```" + `

## References
hadolint DL3059: the RUNs must follow each other (comment lines between
them do not matter, any instruction does) and carry identical flags;
a RUN that already chains several commands exempts the pair. hadolint
reaches this by counting each command twice and testing "more than two";
ballast counts the simple commands of the script once (wrappers such as
sudo belong to their command; ` + "`$(…)`" + ` substitutions and the
commands of a pipe count). An exec-form RUN is one command.`,
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
