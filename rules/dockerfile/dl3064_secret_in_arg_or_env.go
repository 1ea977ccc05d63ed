package dockerfile

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3064_secret_in_arg_or_env.md
var dl3064Doc string

// DL3064 flags ARG and ENV names that look like they carry a secret.
var DL3064 = &lint.Rule{
	Code: "DL3064", Name: "secret-in-arg-or-env", Category: "dockerfile", Severity: lint.Warning,
	SecuritySeverity: 7.5, // a credential baked into the image's history: high
	Aliases:          []string{"BK016"},
	URL:              "https://github.com/hadolint/hadolint/wiki/DL3064",
	Doc:              dl3064Doc,
	Requires:         needsDockerfile,
	Run:              runDL3064,
}

// knownSecretNames are hadolint's well-known credential variables, upper case.
var knownSecretNames = []string{
	"ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"BITTREX_API_KEY", "BITTREX_API_SECRET",
	"CF_PASSWORD", "CF_USERNAME", "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER",
	"DOCKERHUB_PASSWORD", "DOCKER_EMAIL", "DOCKER_PASSWORD", "DOCKER_USERNAME",
	"FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET",
	"FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY",
	"GH_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN",
	"HEROKU_API_KEY", "HEROKU_API_USER",
	"NPM_AUTH_TOKEN", "NPM_TOKEN",
	"OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID", "OKTA_OAUTH2_CLIENTSECRET",
	"OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD",
	"SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME",
	"TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS", "TRAVIS_SUDO",
	"VAULT_CLIENT_KEY", "VAULT_TOKEN",
}

// secretWords mark a name as secret when they are whole components of it,
// lower case. hadolint matches them anywhere in the name, which flags
// TOKENIZERS_PARALLELISM or TIKTOKEN_CACHE_DIR; BuildKit's SecretsUsedInArgOrEnv
// matches whole `_`-separated components, and so does ballast. hadolint's
// "username" is left out, as BuildKit leaves it: `ARG USERNAME=app` names
// the image's own user, and a user name is no credential (the registries'
// DOCKER_USERNAME and the like stay in knownSecretNames).
var secretWords = [][]string{{"api", "key"}, {"client", "key"}, {"password"}, {"private"}, {"secret"}, {"token"}}

func runDL3064(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	f.Walk(func(in *df.Instruction) {
		if !in.Is("ARG") && !in.Is("ENV") {
			return
		}
		kw := strings.ToUpper(in.Keyword)
		for _, kv := range keyValues(in) {
			if looksSecret(kv.Key) && (!kv.HasValue || !plainlyNotSecret(unquote(kv.Value))) {
				where := "the image configuration"
				if kw == "ARG" {
					where = "the build history"
				}
				lint.Reportf(pass, f, kv.KeySpan, "%s %s looks like a secret and its value stays in %s; pass it with a secret mount", kw, kv.Key, where)
			}
		}
	})
	return nil, nil
}

func looksSecret(name string) bool {
	if slices.Contains(knownSecretNames, strings.ToUpper(name)) {
		return true
	}
	// An ARG or ENV name is ASCII: its words are read in place, as every
	// name of every ARG and ENV is asked about.
	var buf [8]string
	parts, ascii := nameWords(name, buf[:0])
	// ASCII words, in their case: folded, they keep their length.
	eq := func(a, b string) bool { return len(a) == len(b) && strings.EqualFold(a, b) }
	if !ascii {
		parts = strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		eq = func(a, b string) bool { return a == b }
	}
	for i := range parts {
		for _, w := range secretWords {
			if i+len(w) <= len(parts) && slices.EqualFunc(parts[i:i+len(w)], w, eq) {
				return true
			}
		}
	}
	return false
}

// nameWords appends to words the runs of letters and digits of an ASCII
// name, in their case; ascii is false for any other name.
func nameWords(name string, words []string) (_ []string, ascii bool) {
	start := -1
	for i := range len(name) {
		c := name[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, name[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, name[start:])
	}
	return words, true
}

// plainlyNotSecret reports whether a value is a path, a number or a boolean:
// what configuration holds (SECRET_FILE=/run/secrets/db, TOKEN_LIMIT=4096,
// DISABLE_TOKEN_CHECK=true), never a credential itself. An empty value is not
// one of them: `ARG TOKEN=` is a placeholder for a secret passed at build time.
func plainlyNotSecret(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off":
		return true
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && strings.Trim(v, "+-.0123456789") == "" {
		return true
	}
	for _, p := range []string{"/", "./", "../", "~/"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	// A Windows path: C:\ or C:/.
	return len(v) >= 3 && v[1] == ':' && (v[2] == '\\' || v[2] == '/') &&
		unicode.IsLetter(rune(v[0]))
}
