package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
)

// keyValue is one name=value pair of an ENV, LABEL or ARG instruction, as
// written (quotes kept), with the spans of its parts in the source.
type keyValue struct {
	Key, Value string
	// HasValue is false for `ARG NAME` without a default.
	HasValue bool
	KeySpan  df.Span
	// ValueAt is where Value starts in the instruction's ArgsText.
	ValueAt int
}

// keyValues splits the arguments of ENV, LABEL or ARG into pairs the way
// BuildKit does: `KEY=value` words, or the legacy `KEY value…` form (one
// pair, the rest of the line being the value) when the first word has no
// "=". ARG never uses the legacy form.
func keyValues(in *df.Instruction) []keyValue {
	if len(in.Args) == 0 {
		return nil
	}
	text := in.ArgsText()
	// Locate each word in the logical text, in order, so that spans map
	// through line continuations exactly.
	at := make([]int, len(in.Args))
	cursor := 0
	for i, w := range in.Args {
		j := strings.Index(text[cursor:], w.Value)
		if j < 0 {
			return nil
		}
		at[i] = cursor + j
		cursor = at[i] + len(w.Value)
	}
	legacy := !in.Is("ARG") && !strings.Contains(in.Args[0].Value, "=")
	if legacy {
		key := in.Args[0].Value
		kv := keyValue{Key: key, KeySpan: in.ArgsTextSpan(at[0], at[0]+len(key))}
		if len(in.Args) > 1 {
			kv.HasValue = true
			kv.ValueAt = at[1]
			kv.Value = strings.TrimSpace(text[at[1]:])
		}
		return []keyValue{kv}
	}
	pairs := make([]keyValue, 0, len(in.Args))
	for i, w := range in.Args {
		key, value, ok := strings.Cut(w.Value, "=")
		pairs = append(pairs, keyValue{
			Key: key, Value: value, HasValue: ok,
			KeySpan: in.ArgsTextSpan(at[i], at[i]+len(key)),
			ValueAt: at[i] + len(key) + 1,
		})
	}
	return pairs
}

// unquote drops one pair of matching quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
