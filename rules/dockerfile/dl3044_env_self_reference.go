package dockerfile

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3044_env_self_reference.md
var dl3044Doc string

// DL3044 flags an ENV value that refers to a variable the same ENV sets.
var DL3044 = &lint.Rule{
	Code: "DL3044", Name: "env-refers-to-same-statement", Category: "dockerfile", Severity: lint.Error,
	Aliases:  []string{"BK011"},
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3044",
	DocFile:  "rules/dockerfile/dl3044_env_self_reference.md",
	Doc:      dl3044Doc,
	Requires: needsDockerfile,
	Run:      runDL3044,
}

func runDL3044(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	lex := shell.NewLex(rune(f.Escape))
	f.Walk(func(in *df.Instruction) {
		if in.Is("ENV") {
			checkEnvPairs(pass, f, lex, in, keyValues(in))
		}
	})
	return nil, nil
}

// checkEnvPairs reports the references in one ENV's values to names that an
// earlier pair of the same ENV sets.
func checkEnvPairs(pass *analysis.Pass, f *df.File, lex *shell.Lex, in *df.Instruction, pairs []keyValue) {
	if len(pairs) < 2 {
		return
	}
	setBefore := make(map[string]bool, len(pairs))
	for _, kv := range pairs {
		if kv.HasValue && len(setBefore) > 0 {
			res, err := lex.ProcessWordWithMatches(kv.Value, emptyEnv{})
			if err == nil {
				for _, name := range slices.Sorted(maps.Keys(res.Unmatched)) {
					if !setBefore[name] {
						continue
					}
					sp := kv.KeySpan
					if at := varRefAt(kv.Value, name); at >= 0 {
						sp = in.ArgsTextSpan(kv.ValueAt+at, kv.ValueAt+at+refLen(kv.Value[at:], name))
					}
					lint.Report(pass, f, sp, fmt.Sprintf("%s refers to $%s, which this ENV sets earlier: it expands to the value from before this ENV; set %s in an ENV of its own first", kv.Key, name, name), nil)
				}
			}
		}
		setBefore[kv.Key] = true
	}
}

// refLen is the length of the reference to name at the start of s: $NAME,
// or ${NAME…} up to its closing brace when there is one.
func refLen(s, name string) int {
	if strings.HasPrefix(s, "${") {
		if j := strings.IndexByte(s, '}'); j >= 0 {
			return j + 1
		}
		return len(name) + 2
	}
	return len(name) + 1
}

// varRefAt is the offset of the first `$name` or `${name` in s that is not
// followed by more name characters, or -1.
func varRefAt(s, name string) int {
	for i := range len(s) {
		if s[i] != '$' {
			continue
		}
		rest := s[i+1:]
		if len(rest) > 0 && rest[0] == '{' {
			rest = rest[1:]
		}
		if len(rest) >= len(name) && rest[:len(name)] == name && (len(rest) == len(name) || !isNameChar(rest[len(name)])) {
			return i
		}
	}
	return -1
}

func isNameChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// emptyEnv is an environment with no variables: every reference comes back
// in Unmatched.
type emptyEnv struct{}

func (emptyEnv) Get(string) (string, bool) { return "", false }
func (emptyEnv) Keys() []string            { return nil }
