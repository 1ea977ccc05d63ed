package lint_test

import (
	"path/filepath"
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

var (
	stable = &lint.Rule{Code: "DL3008", Name: "apt-unpinned", Severity: lint.Warning}
	tool   = &lint.Rule{
		Code: "SC", Name: "shellcheck", Severity: lint.Warning, Status: lint.OffByDefault, NamedOnly: true,
		Reports: &lint.ToolCodes{Tool: "ShellCheck", Prefix: "SC", Digits: 4, DocBase: "https://www.shellcheck.net/wiki/"},
	}
	registry = []*lint.Rule{stable, tool}
)

func TestResolve(t *testing.T) {
	sel := lint.Registry(registry)
	for in, want := range map[string]string{"dl3008": "DL3008", "Apt-Unpinned": "DL3008", "sc2086": "SC2086", "shellcheck": "SC", "SC": "SC"} {
		if got, ok := sel.Resolve(in); !ok || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"SC208", "SC20866", "DL3009", "all"} {
		if got, ok := sel.Resolve(in); ok {
			t.Errorf("Resolve(%q) = %q, want unknown", in, got)
		}
	}
}

func TestToolRuleRunsOnlyWhenNamed(t *testing.T) {
	for _, c := range []struct {
		choice lint.Choice
		want   bool
	}{
		{lint.Choice{}, false},
		{lint.Choice{Select: []string{"all"}}, false},
		{lint.Choice{Select: []string{"sc2086"}}, true},
		{lint.Choice{Enable: []string{"shellcheck"}}, true},
	} {
		sel, err := lint.NewSelection(registry, c.choice)
		if err != nil {
			t.Fatal(err)
		}
		if got := sel.Runs(tool, nil); got != c.want {
			t.Errorf("%+v: Runs = %v, want %v", c.choice, got, c.want)
		}
	}
}

func TestToolCodeSeverityAndIgnore(t *testing.T) {
	sel, err := lint.NewSelection(registry, lint.Choice{Ignore: []string{"SC2154"}, Severity: map[string]lint.Severity{"sc2086": lint.Error}})
	if err != nil {
		t.Fatal(err)
	}
	d := &lint.Diagnostic{Code: "SC2086", Severity: lint.Info}
	if sev, ok := sel.Severity(tool, d); !ok || sev != lint.Error {
		t.Errorf("severity of SC2086 = %v, %v; want error", sev, ok)
	}
	if sel.Keep(&lint.Finding{Rule: tool, Code: "SC2154"}) {
		t.Error("an ignored SC2154 is kept")
	}
	if !sel.Keep(&lint.Finding{Rule: tool, Code: "SC2086"}) {
		t.Error("SC2086 is dropped")
	}
}

func TestPerFileGlobs(t *testing.T) {
	root, err := filepath.Abs("repo")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		glob, file string
		want       bool
	}{
		{"Dockerfile.*", filepath.Join(root, "a", "Dockerfile.dev"), true},
		{root + "/**/legacy/*", filepath.Join(root, "a", "b", "legacy", "Dockerfile"), true},
		{root + "/**/legacy/*", filepath.Join(root, "legacy", "Dockerfile"), true},
		{root + "/**/legacy/*", filepath.Join(root, "a", "Dockerfile"), false},
		{root + "/*/Dockerfile", filepath.Join(root, "a", "b", "Dockerfile"), false},
	} {
		sel, err := lint.NewSelection(registry, lint.Choice{PerFile: []lint.PerFile{{Glob: c.glob, Ignore: []string{"DL3008"}}}})
		if err != nil {
			t.Fatal(err)
		}
		kept := sel.Keep(&lint.Finding{Rule: stable, File: c.file})
		if kept == c.want {
			t.Errorf("per-file %q on %s: kept %v, want dropped %v", c.glob, c.file, kept, c.want)
		}
	}
}
