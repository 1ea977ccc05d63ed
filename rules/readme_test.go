package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules"
)

// TestReadmeRuleTable fails when the README's rule table is not the one the
// registry generates; `go test ./rules -run Readme -update` rewrites it.
func TestReadmeRuleTable(t *testing.T) {
	path := filepath.Join("..", "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	readme := string(b)
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q … %q markers", path, begin, end)
	}
	want := rules.MarkdownTable(rules.All())
	got := readme[i+len(begin) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i+len(begin)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md rule table is stale; run: go test ./rules -run TestReadmeRuleTable -update")
}
