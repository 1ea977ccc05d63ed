package buildkit

import (
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
	Requires: requiresPlan,
	Run:      runBK013,
}

func runBK013(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, d := range planOf(pass).cmds {
		if d.expandFailed {
			continue // the build stops before the instruction is applied
		}
		var keys []string
		var legacy []bool
		switch c := d.cmd.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				keys, legacy = append(keys, kv.Key), append(legacy, kv.NoDelim)
			}
		case *instructions.LabelCommand:
			for _, kv := range c.Labels {
				keys, legacy = append(keys, kv.Key), append(legacy, kv.NoDelim)
			}
		default:
			continue
		}
		span := lazyKeySpans(d.in, f.Escape, keys)
		for i, old := range legacy {
			if old {
				report(pass, f, d.checkAt(), linter.RuleLegacyKeyValueFormat.Name, d.at(f, span(i)), linter.RuleLegacyKeyValueFormat.Format(d.cmd.Name()))
			}
		}
	}
	return nil, nil
}
