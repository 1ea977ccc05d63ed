package buildkit

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK002 is BuildKit's FromAsCasing check.
var BK002 = &lint.Rule{
	Code: "BK002", Name: "FromAsCasing", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("from-as-casing"),
	Doc: `'as' keyword casing does not match 'from'

## Why
` + "`FROM`" + ` and ` + "`AS`" + ` are keywords of one instruction; writing one in upper case
and the other in lower case makes the line harder to scan and is almost
always a slip. The check only looks at a FROM keyword that is all upper or
all lower case; mixed-case keywords are ConsistentInstructionCasing's
business (BK004).

## Example
` + "```dockerfile\nFROM debian:bookworm-slim as builder\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:bookworm-slim AS builder\n```" + `

## References
BuildKit check FromAsCasing (` + "`docker build --check`" + `), reported while BuildKit
parses the instructions. A ` + "`# check=skip=FromAsCasing`" + ` directive or a comment of
that form directly above the FROM turns it off.`,
	Requires: requires,
	Run:      runBK002,
}

func runBK002(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleFromAsCasing.Name)
	for _, w := range parseWarnings(f, linter.RuleFromAsCasing.Name) {
		sp := w.in.KeywordSpan
		if len(w.in.Args) >= 2 && strings.EqualFold(w.in.Args[1].Value, "as") {
			sp = w.in.Args[1].Span
		}
		r.report(w.in, sp, w.Message)
	}
	return nil, nil
}
