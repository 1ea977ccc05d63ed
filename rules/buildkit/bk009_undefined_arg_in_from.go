package buildkit

import (
	"maps"
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/suggest"
	"golang.org/x/tools/go/analysis"
)

// BK009 is BuildKit's UndefinedArgInFrom check.
var BK009 = &lint.Rule{
	Code: "BK009", Name: "UndefinedArgInFrom", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("undefined-arg-in-from"),
	Doc: `from uses an undeclared build argument

## Why
A FROM line can only use build arguments declared with ARG before the first
FROM, plus the automatic platform arguments (BUILDPLATFORM, TARGETPLATFORM,
TARGETOS, TARGETARCH, …). Any other variable expands to the empty string,
which usually means a misspelt name and an image reference or platform that
is not the one intended.

## Example
` + "```dockerfile\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSON}-slim\n```" + `

## Use instead
` + "```dockerfile\nARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim\n```" + `

## References
BuildKit check UndefinedArgInFrom (` + "`docker build --check`" + `), for the image name
and the ` + "`--platform`" + ` value of every FROM, with BuildKit's "did you mean"
suggestion (Levenshtein distance below 3 among the declared arguments). A
check comment directly above the FROM applies to it.

## Limitations
BuildKit stops at the first FROM whose base name or platform it cannot use
(an empty name, an unparsable platform) and checks nothing after it; ballast
checks every FROM. Where several declared names are equally close, BuildKit's
choice is random; ballast takes the first in alphabetical order.`,
	Requires: requires,
	Run:      runBK009,
}

func runBK009(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return nil, nil
	}
	lex := newLex(f)
	global := newGlobalScope(f, lex)
	declared := maps.Clone(global.declared)
	for _, k := range global.env.Keys() {
		declared[k] = true
	}
	options := slices.Sorted(maps.Keys(declared))
	for _, st := range f.Stages {
		if st.Typed == nil {
			continue
		}
		from := st.From
		words := []struct {
			word string
			sp   dockerfile.Span
		}{{st.Typed.BaseName, fromImageSpan(from)}}
		if fl := from.Flag("platform"); fl != nil && st.Typed.Platform != "" {
			words = append(words, struct {
				word string
				sp   dockerfile.Span
			}{st.Typed.Platform, fl.ValueSpan})
		}
		for _, w := range words {
			res, _ := lex.ProcessWordWithMatches(w.word, global.env)
			for _, name := range slices.Sorted(maps.Keys(res.Unmatched)) {
				if declared[name] {
					continue
				}
				match, _ := suggest.Search(name, options, true)
				sp := w.sp
				if i, j, ok := varRef(f.Src[:sp.End], name, sp.Start, f.Escape); ok {
					sp = dockerfile.Span{Start: i, End: j}
				}
				report(pass, f, from, linter.RuleUndefinedArgInFrom.Name, onFirstLine(f, from, sp), linter.RuleUndefinedArgInFrom.Format(name, match))
			}
		}
	}
	return nil, nil
}
