package dockerfile

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestLooksSecret holds the in-place reading of ASCII names to what
// splitting the lower-cased name on Unicode letters and digits finds.
func TestLooksSecret(t *testing.T) {
	byFields := func(name string) bool {
		if slices.Contains(knownSecretNames, strings.ToUpper(name)) {
			return true
		}
		parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		for i := range parts {
			for _, w := range secretWords {
				if i+len(w) <= len(parts) && slices.Equal(parts[i:i+len(w)], w) {
					return true
				}
			}
		}
		return false
	}
	for _, name := range []string{
		"", "_", "API_KEY", "api-key", "MY_API_KEY_FILE", "APIKEY", "API__KEY", "CLIENT_KEY", "client.key",
		"DB_PASSWORD", "PASSWORDS", "Private_Repo", "SECRET", "secret2", "GH_TOKEN", "TOKEN_LIMIT",
		"KEY_API", "PYTHON_VERSION", "HOME", "x-token-", "9TOKEN", "TOKEN9", "API_9KEY",
		"ſecret", "SECRETé", "tok\u212Aen", "pässword", "API_ＫEY",
	} {
		if got, want := looksSecret(name), byFields(name); got != want {
			t.Errorf("looksSecret(%q) = %v, want %v", name, got, want)
		}
	}
}
