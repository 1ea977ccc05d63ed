package buildkit

import (
	"bytes"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK003 is BuildKit's NoEmptyContinuation check.
var BK003 = &lint.Rule{
	Code: "BK003", Name: "NoEmptyContinuation", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("no-empty-continuation"),
	Doc: `empty line inside a continued instruction

## Why
An empty line in the middle of a backslash-continued instruction is skipped
today, but BuildKit has announced that it will become an error. It also
hides where the instruction really ends: a reader takes the blank line for
the end of the RUN. A comment line inside the continuation is fine.

## Example
` + "```dockerfile\nFROM debian:bookworm-slim\nRUN apt-get update && \\\n\n    apt-get install -y curl\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y curl\n```" + `

## References
BuildKit check NoEmptyContinuation (` + "`docker build --check`" + `), a warning of
BuildKit's Dockerfile parser. Like BuildKit, ballast reports it on the last
line of the continued instruction, once per instruction however many empty
lines it holds. Only the file's ` + "`# check=`" + ` directive can skip it.`,
	Requires: requires,
	Run:      runBK003,
}

func runBK003(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleNoEmptyContinuation.Name)
	for _, w := range f.Warnings {
		if w.URL != linter.RuleNoEmptyContinuation.URL || w.Location == nil {
			continue
		}
		r.report(nil, trimmedLine(f, w.Location.Start.Line), linter.RuleNoEmptyContinuation.Format())
	}
	return nil, nil
}

// trimmedLine is line n without its leading and trailing blanks.
func trimmedLine(f *dockerfile.File, n int) dockerfile.Span {
	sp := f.LineSpan(n)
	line := f.Src[sp.Start:sp.End]
	sp.Start += len(line) - len(bytes.TrimLeft(line, " \t"))
	sp.End -= len(line) - len(bytes.TrimRight(line, " \t"))
	if sp.End < sp.Start {
		sp.End = sp.Start
	}
	return sp
}
