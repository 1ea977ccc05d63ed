package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// needsConfig is what the configuration-driven rules read: the parsed
// Dockerfile and the user's configuration.
var needsConfig = []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ConfigAnalyzer}

// labelPair is one key=value of a LABEL, quotes removed, with spans.
type labelPair struct {
	Key, Value string
	KeySpan    df.Span
	// ValueSpan covers the value as written (quotes included); it is the
	// key's span when the value is empty.
	ValueSpan df.Span
}

// labelPairs lists the pairs of a LABEL instruction.
func labelPairs(in *df.Instruction) []labelPair {
	var ps []labelPair
	for _, kv := range keyValues(in) {
		p := labelPair{Key: unquote(kv.Key), Value: unquote(kv.Value), KeySpan: kv.KeySpan, ValueSpan: kv.KeySpan}
		if kv.HasValue && kv.Value != "" {
			p.ValueSpan = in.ArgsTextSpan(kv.ValueAt, kv.ValueAt+len(kv.Value))
		}
		ps = append(ps, p)
	}
	return ps
}

// eachSchemaLabel calls fn for every LABEL pair (outside ONBUILD, as in
// hadolint) whose key the label schema types as typ, or any type when typ
// is "".
func eachSchemaLabel(pass *analysis.Pass, typ string, fn func(f *df.File, p labelPair, typ string)) {
	f := lint.DockerfileOf(pass)
	schema := lint.ConfigOf(pass).LabelSchema
	if f == nil || len(schema) == 0 {
		return
	}
	for _, in := range f.Instructions {
		if !in.Is("LABEL") {
			continue
		}
		for _, p := range labelPairs(in) {
			t, ok := schema[p.Key]
			if !ok || typ != "" && !strings.EqualFold(t, typ) {
				continue
			}
			fn(f, p, strings.ToLower(t))
		}
	}
}

// checkTypedLabel reports the labels of schema type typ whose value is not
// empty, has no variable (known only at build time) and fails valid.
func checkTypedLabel(pass *analysis.Pass, typ, want string, valid func(string) bool) {
	eachSchemaLabel(pass, typ, func(f *df.File, p labelPair, _ string) {
		if p.Value == "" || strings.Contains(p.Value, "$") || valid(p.Value) {
			return
		}
		lint.Reportf(pass, f, p.ValueSpan, "label %s is %q, not %s as the label schema requires", p.Key, p.Value, want)
	})
}
