package lint_test

import (
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

// TestDocPath holds the doc path and address built in one buffer to the
// layout: rules/<category>/<code in lower case>_<name in snake case>.md.
func TestDocPath(t *testing.T) {
	for _, tc := range []struct {
		r    *lint.Rule
		want string
	}{
		{&lint.Rule{Category: "uv", Code: "BA201", Name: "sync-not-locked"}, "rules/uv/ba201_sync_not_locked.md"},
		{&lint.Rule{Category: "buildkit", Code: "BK013", Name: "JSONArgsRecommended"}, "rules/buildkit/bk013_json_args_recommended.md"},
		{&lint.Rule{Category: "buildkit", Code: "BK001", Name: "InvalidBaseImagePlatform"}, "rules/buildkit/bk001_invalid_base_image_platform.md"},
		{&lint.Rule{Category: "x", Code: "ÉA1", Name: "a2b"}, "rules/x/éa1_a2b.md"},
		{&lint.Rule{Category: "shellcheck", Code: "SC", DocFile: "rules/shellcheck/README.md"}, "rules/shellcheck/README.md"},
	} {
		if got := tc.r.DocPath(); got != tc.want {
			t.Errorf("%s: DocPath = %q, want %q", tc.r.Code, got, tc.want)
		}
		if got := tc.r.HelpURL(); got != lint.DocsBase+tc.want {
			t.Errorf("%s: HelpURL = %q, want %q", tc.r.Code, got, lint.DocsBase+tc.want)
		}
	}
	r := lint.Rule{Category: "uv", Code: "BA201", Name: "sync-not-locked", URL: "https://example.com/ba201"}
	if got := r.HelpURL(); got != r.URL {
		t.Errorf("HelpURL = %q, want the rule's own %q", got, r.URL)
	}
}
