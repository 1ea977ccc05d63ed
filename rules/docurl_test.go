package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

// TestDocURLsExist holds every rule that links into the repository (its
// help link in SARIF, `ballast explain`, the README table) to a file the
// repository has, and that file to the rule's own doc.
func TestDocURLsExist(t *testing.T) {
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, r := range All() {
		if _, err := os.Stat(filepath.Join(repo, filepath.FromSlash(r.DocPath()))); err != nil {
			t.Errorf("%s: its doc is not at %s: %v", r.Code, r.DocPath(), err)
		}
		url := r.HelpURL()
		if url == "" {
			t.Errorf("%s: no documentation URL", r.Code)
			continue
		}
		rel, ok := strings.CutPrefix(url, lint.DocsBase)
		if !ok {
			continue // an upstream page: hadolint's wiki, Docker's docs, ShellCheck's wiki
		}
		linked++
		text, err := os.ReadFile(filepath.Join(repo, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: %s links to a file the repository does not have: %v", r.Code, url, err)
			continue
		}
		if strings.TrimSpace(string(text)) != strings.TrimSpace(r.Doc) {
			t.Errorf("%s: %s is not the rule's doc", r.Code, rel)
		}
	}
	if linked == 0 {
		t.Error("no rule links to its doc in the repository")
	}
}
