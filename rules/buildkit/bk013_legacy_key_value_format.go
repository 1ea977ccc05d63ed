package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk013_legacy_key_value_format.md
var bk013Doc string

// BK013 is BuildKit's LegacyKeyValueFormat check.
var BK013 = &lint.Rule{
	Code: "BK013", Name: "LegacyKeyValueFormat", Category: "buildkit", Severity: lint.Warning,
	Status:         lint.Pedantic,
	CheckDirective: true,
	URL:            docURL("legacy-key-value-format"),
	Doc:            bk013Doc,
	Requires:       requiresDispatch,
	Run:            runBK013,
}

func runBK013(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
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
