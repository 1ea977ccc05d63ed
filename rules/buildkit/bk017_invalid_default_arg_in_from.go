package buildkit

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk017_invalid_default_arg_in_from.md
var bk017Doc string

// BK017 is BuildKit's InvalidDefaultArgInFrom check.
var BK017 = &lint.Rule{
	Code: "BK017", Name: "InvalidDefaultArgInFrom", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("invalid-default-arg-in-from"),
	Doc:            bk017Doc,
	Requires:       requiresDispatch,
	Run:            runBK017,
}

func runBK017(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for x := range dispatchOf(pass).froms() {
		if x.baseErr != nil {
			return nil, nil // BuildKit abandons the check here
		}
		if !plainReference(x.base.Result) && !parsesAsReference(x.base.Result) {
			from := x.stage.From
			r.report(nil, firstLineSpan(f, from, fromBaseSpan(from)), linter.RuleInvalidDefaultArgInFrom.Format(x.stage.Typed.BaseName))
		}
	}
	return nil, nil
}

func parsesAsReference(s string) bool {
	return dockerfile.ValidReference(s)
}

// plainReference reports whether s is an image reference of the common
// plain form that reference.ParseNormalizedNamed surely accepts, so that
// most FROM lines skip its regular expressions: lower-case path
// components of letters and digits joined by single '.', '_' or '-', split
// by '/', and an optional tag. A first component with a '.' is a registry
// host, where '_' is not allowed. Anything else (ports, digests, upper
// case, runs of separators, a 64-digit hexadecimal name) is left to the
// parser: false means "not known", not "invalid".
func plainReference(s string) bool {
	name, tag, hasTag := strings.Cut(s, ":")
	if name == "" || len(name) > 200 || hasTag && !plainTag(tag) {
		return false
	}
	if len(name) == 64 && strings.Trim(name, "0123456789abcdef") == "" {
		return false
	}
	first := true
	for part := range strings.SplitSeq(name, "/") {
		if !plainComponent(part) {
			return false
		}
		if first && part != name && strings.Contains(part, ".") && strings.Contains(part, "_") {
			return false
		}
		first = false
	}
	return true
}

// plainComponent: [a-z0-9]+ joined by single '.', '_' or '-'.
func plainComponent(s string) bool {
	if s == "" {
		return false
	}
	prevSep := true // no separator first
	for i := range len(s) {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevSep = false
		case c == '.' || c == '_' || c == '-':
			if prevSep {
				return false
			}
			prevSep = true
		default:
			return false
		}
	}
	return !prevSep
}

// plainTag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
func plainTag(s string) bool {
	if s == "" || len(s) > 128 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for i := range len(s) {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.', c == '-':
		default:
			return false
		}
	}
	return true
}
