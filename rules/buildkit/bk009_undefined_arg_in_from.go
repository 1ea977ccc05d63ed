package buildkit

import (
	_ "embed"
	"maps"
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/util/suggest"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk009_undefined_arg_in_from.md
var bk009Doc string

// BK009 is BuildKit's UndefinedArgInFrom check.
var BK009 = &lint.Rule{
	Code: "BK009", Name: "UndefinedArgInFrom", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("undefined-arg-in-from"),
	Doc:            bk009Doc,
	Requires:       requiresDispatch,
	Run:            runBK009,
}

func runBK009(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return nil, nil
	}
	m := dispatchOf(pass)
	r := newReporter(pass, f)
	var options []string // the names a suggestion picks from, when needed
	check := func(from *dockerfile.Instruction, sp dockerfile.Span, unmatched map[string]struct{}) {
		for _, name := range slices.Sorted(maps.Keys(unmatched)) {
			if _, set := m.global.Env.Get(name); set || m.global.Declared[name] {
				continue
			}
			if options == nil {
				known := maps.Clone(m.global.Declared)
				for _, k := range m.global.Env.Keys() {
					known[k] = true
				}
				options = slices.Sorted(maps.Keys(known))
			}
			match, _ := suggest.Search(name, options, true)
			at := sp
			if i, j, ok := varRef(f.Src[:sp.End], name, sp.Start, f.Escape); ok {
				at = dockerfile.Span{Start: i, End: j}
			}
			r.report(from, firstLineSpan(f, from, at), linter.RuleUndefinedArgInFrom.Format(name, match))
		}
	}
	for _, x := range m.from {
		st := x.stage
		if st.Typed == nil {
			continue
		}
		check(st.From, fromBaseSpan(st.From), x.base.Unmatched)
		if fl := st.From.Flag("platform"); fl != nil && st.Typed.Platform != "" {
			check(st.From, fl.ValueSpan, x.platform.Unmatched)
		}
	}
	return nil, nil
}
