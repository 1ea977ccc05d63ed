package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK020 is BuildKit's InvalidDefinitionDescription check (experimental).
var BK020 = &lint.Rule{
	Code: "BK020", Name: "InvalidDefinitionDescription", Category: "buildkit", Severity: lint.Warning,
	Status: lint.Experimental, CheckDirective: true,
	URL: docURL("invalid-definition-description"),
	Doc: `comment above FROM AS or ARG does not start with its name

## Why
BuildKit treats the comment directly above a named stage or an ARG as its
description (shown by ` + "`docker buildx build --call=outline`" + ` and
` + "`--call=targets`" + `) when it starts with the stage or argument name:
` + "`# name description`" + `. A comment that does not follow that form is probably
meant as an ordinary comment; separate it with an empty ` + "`#`" + ` line so that it
is not mistaken for a description.

## Example
` + "```dockerfile" + `
# check=experimental=InvalidDefinitionDescription
# the Python version to build with
ARG PYTHON=3.12
` + "```" + `

## Use instead
` + "```dockerfile" + `
# check=experimental=InvalidDefinitionDescription
# PYTHON the Python version to build with
ARG PYTHON=3.12
` + "```" + `

## Options
Experimental, as in BuildKit: it runs only when the Dockerfile enables it
with ` + "`# check=experimental=InvalidDefinitionDescription`" + ` (or
` + "`experimental=all`" + `), or when it is selected by code or name. ` + "`skip=`" + ` does not
turn it off, in BuildKit either.

## References
BuildKit check InvalidDefinitionDescription (docker build --check), emitted
by BuildKit's own instruction parser. Only a bare ` + "`#`" + ` line detaches a comment
from the instruction below it; an empty line does not.`,
	Requires: requires,
	Run:      runBK020,
}

func runBK020(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleInvalidDefinitionDescription.Name)
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
