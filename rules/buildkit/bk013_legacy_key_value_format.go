package buildkit

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK013 is BuildKit's LegacyKeyValueFormat check.
var BK013 = &lint.Rule{
	Code: "BK013", Name: "LegacyKeyValueFormat", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("legacy-key-value-format"),
	Doc: `legacy "key value" form in ENV or LABEL

## Why
` + "`ENV key value`" + ` and ` + "`LABEL key value`" + ` take everything after the first blank as
the value, spaces and quotes included, and can set only one variable. The
form is kept for compatibility; ` + "`key=value`" + ` is unambiguous, allows several
pairs per instruction and quotes values the way a shell does.

## Example
` + "```dockerfile" + `
FROM alpine
ENV PYTHONUNBUFFERED 1
LABEL maintainer the team
` + "```" + `

## Use instead
` + "```dockerfile" + `
FROM alpine
ENV PYTHONUNBUFFERED=1
LABEL maintainer="the team"
` + "```" + `

## References
BuildKit check LegacyKeyValueFormat (docker build --check). Like BuildKit,
ballast checks the ENV and LABEL instructions of every stage and the
ONBUILD triggers a base stage passes to the stages built on it (reported on
their FROM line); meta ARGs are not concerned.`,
	Requires: requiresDispatch,
	Run:      runBK013,
}

func runBK013(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleLegacyKeyValueFormat.Name)
	for _, st := range dispatchOf(pass).dispatched() {
		if !st.expanded {
			continue // the build stops before the instruction is applied
		}
		var pairs instructions.KeyValuePairs
		switch c := st.parsed.(type) {
		case *instructions.EnvCommand:
			pairs = c.Env
		case *instructions.LabelCommand:
			pairs = c.Labels
		default:
			continue
		}
		var span func(int) dockerfile.Span
		for i, kv := range pairs {
			if !kv.NoDelim {
				continue
			}
			if span == nil {
				keys := make([]string, len(pairs))
				for k, kv := range pairs {
					keys[k] = kv.Key
				}
				span = lazyKeySpans(st.in, f.Escape, keys)
			}
			r.report(st.checkAt(), st.at(f, span(i)), linter.RuleLegacyKeyValueFormat.Format(st.cmd.Name()))
		}
	}
	return nil, nil
}
