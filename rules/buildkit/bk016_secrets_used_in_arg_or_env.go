package buildkit

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk016_secrets_used_in_arg_or_env.md
var bk016Doc string

// BK016 is BuildKit's SecretsUsedInArgOrEnv check.
var BK016 = &lint.Rule{
	Code: "BK016", Name: "SecretsUsedInArgOrEnv", Category: "buildkit", Severity: lint.Warning,
	SecuritySeverity: 7.5, // a credential baked into the image's history: high
	CheckDirective:   true,
	URL:              docURL("secrets-used-in-arg-or-env"),
	Doc:              bk016Doc,
	Requires:         requiresDispatch,
	Run:              runBK016,
}

// secretTokens and publicTokens are BuildKit's deny and allow lists, matched
// against the `_`-separated parts of a name, in any case.
var (
	secretTokens = []string{"apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"}
	publicTokens = []string{"public", "file", "version"}
)

// hasNameToken reports whether a `_`-separated part of name is one of tokens.
func hasNameToken(name string, tokens []string) bool {
	for part := range strings.SplitSeq(name, "_") {
		for _, t := range tokens {
			if strings.EqualFold(part, t) {
				return true
			}
		}
	}
	return false
}

// isSecretName reports whether a variable name looks like it holds a secret.
func isSecretName(name string) bool {
	return hasNameToken(name, secretTokens) && !hasNameToken(name, publicTokens)
}

func isSecretPair(kv instructions.KeyValuePair) bool { return isSecretName(kv.Key) }

func isSecretArg(kv instructions.KeyValuePairOptional) bool { return isSecretName(kv.Key) }

func runBK016(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for _, st := range dispatchOf(pass).dispatched() {
		var kind string
		var keys, names []string
		switch c := st.cmd.(type) {
		case *instructions.EnvCommand:
			if !st.expanded {
				continue // the build stops before the ENV is applied
			}
			if !slices.ContainsFunc(c.Env, isSecretPair) {
				continue // nothing to report: skip finding the keys
			}
			kind = "ENV"
			for _, kv := range c.Env {
				names = append(names, kv.Key)
			}
			// The keys as written, to find them in the source.
			if parsed, ok := st.parsed.(*instructions.EnvCommand); ok {
				for _, kv := range parsed.Env {
					keys = append(keys, kv.Key)
				}
			}
		case *instructions.ArgCommand:
			if !slices.ContainsFunc(c.Args[:st.argsDispatched], isSecretArg) {
				continue
			}
			kind = "ARG"
			for _, kv := range c.Args[:st.argsDispatched] {
				keys = append(keys, kv.Key)
			}
			names = keys
		default:
			continue
		}
		span := lazyKeySpans(st.in, f.Escape, keys)
		for i, name := range names {
			if isSecretName(name) {
				r.report(st.checkAt(), st.at(f, span(i)), linter.RuleSecretsUsedInArgOrEnv.Format(kind, name))
			}
		}
	}
	return nil, nil
}
