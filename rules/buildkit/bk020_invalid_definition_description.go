package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk020_invalid_definition_description.md
var bk020Doc string

// BK020 is BuildKit's InvalidDefinitionDescription check (experimental).
var BK020 = &lint.Rule{
	Code: "BK020", Name: "InvalidDefinitionDescription", Category: "buildkit", Severity: lint.Warning,
	Status: lint.Experimental, CheckDirective: true,
	URL:      docURL("invalid-definition-description"),
	Doc:      bk020Doc,
	Requires: requires,
	Run:      runBK020,
}

func runBK020(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, w := range f.LintWarnings {
		if w.Rule != linter.RuleInvalidDefinitionDescription.Name {
			continue
		}
		in := definitionAt(f, w.Line)
		if in == nil {
			continue
		}
		r.report(in, firstLineSpan(f, in, definitionSpan(in, f.Escape)), w.Message)
	}
	return nil, nil
}

// definitionAt finds the FROM or ARG instruction that starts on line.
func definitionAt(f *dockerfile.File, line int) *dockerfile.Instruction {
	for _, in := range f.Instructions {
		if in.StartLine == line && (in.Is("from") || in.Is("arg")) {
			return in
		}
	}
	return nil
}

// definitionSpan is what a description describes: the stage name of a
// FROM, the name of a single ARG, or all of a multi-name ARG's arguments.
func definitionSpan(in *dockerfile.Instruction, escape byte) dockerfile.Span {
	if in.Is("from") {
		if n := len(in.Args); n >= 3 {
			return in.Args[n-1].Span
		}
		return in.ArgsSpan
	}
	if arg, ok := in.Command.(*instructions.ArgCommand); ok && len(arg.Args) == 1 {
		return keySpans(in, escape, []string{arg.Args[0].Key})[0]
	}
	return in.ArgsSpan
}
