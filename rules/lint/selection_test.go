package lint_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
)

var (
	stable = &lint.Rule{Code: "DL3008", Name: "apt-unpinned", Severity: lint.Warning}
	tool   = &lint.Rule{
		Code: "SC", Name: "shellcheck", Severity: lint.Warning, Status: lint.Pedantic, NamedOnly: true,
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

// TestCheckDirective pins BuildKit's `# check=` semantics in the selection:
// skip= by BuildKit name (file-wide, or in the comment above the finding's
// instruction) turns off every governed rule but experimental ones, whatever
// the user selected; rules it does not govern ignore it.
func TestCheckDirective(t *testing.T) {
	bk := &lint.Rule{Code: "BK002", Name: "FromAsCasing", Severity: lint.Warning, CheckDirective: true}
	exp := &lint.Rule{Code: "BK020", Name: "InvalidDefinitionDescription", Severity: lint.Warning, Status: lint.Experimental, CheckDirective: true}
	dl := &lint.Rule{Code: "DL3006", Name: "FromAsCasing", Severity: lint.Warning}
	sel, err := lint.NewSelection([]*lint.Rule{bk, exp, dl}, lint.Choice{Select: []string{"all"}})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(src string) *dockerfile.File {
		t.Helper()
		df, err := dockerfile.Parse("Dockerfile", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return df
	}
	for _, c := range []struct {
		src         string
		bk, exp, dl bool
	}{
		{"FROM scratch\n", true, true, true},
		{"# check=skip=FromAsCasing\nFROM scratch\n", false, true, true},
		{"# check=skip=all // reason\nFROM scratch\n", false, true, true},
		{"# check=skip=all;experimental=InvalidDefinitionDescription\nFROM scratch\n", false, true, true},
		{"# check=skip=UndefinedVar\nFROM scratch\n", true, true, true},
		{"# check=bogus\nFROM scratch\n", true, true, true},
	} {
		df := parse(c.src)
		for _, r := range []struct {
			rule *lint.Rule
			want bool
		}{{bk, c.bk}, {exp, c.exp}, {dl, c.dl}} {
			if got := sel.Runs(r.rule, df); got != r.want {
				t.Errorf("%q: Runs(%s) = %v, want %v", c.src, r.rule.Code, got, r.want)
			}
		}
	}

	df := parse("FROM scratch AS a\n# why\n# CHECK = skip=FromAsCasing // reason\nFROM a as b\nFROM a as c\n")
	skipped, other := df.Instructions[1], df.Instructions[2]
	for _, c := range []struct {
		rule *lint.Rule
		at   *dockerfile.Instruction
		want bool
	}{
		{bk, skipped, false},
		{bk, other, true},
		{bk, nil, true},
		{exp, skipped, true},
		{dl, skipped, true},
	} {
		if _, got := sel.Severity(c.rule, &lint.Diagnostic{CheckAt: c.at}); got != c.want {
			t.Errorf("Severity(%s) at %v kept = %v, want %v", c.rule.Code, c.at, got, c.want)
		}
	}
}

func TestOwnCodeFindingSeverity(t *testing.T) {
	sel, err := lint.NewSelection(registry, lint.Choice{})
	if err != nil {
		t.Fatal(err)
	}
	if sev, ok := sel.Severity(stable, &lint.Diagnostic{Severity: lint.Info}); !ok || sev != lint.Info {
		t.Errorf("a finding that says info = %v, %v; want info", sev, ok)
	}
	if sev, ok := sel.Severity(stable, &lint.Diagnostic{}); !ok || sev != lint.Warning {
		t.Errorf("a finding that says nothing = %v, %v; want the rule's warning", sev, ok)
	}
	over, err := lint.NewSelection(registry, lint.Choice{Severity: map[string]lint.Severity{"DL3008": lint.Error}})
	if err != nil {
		t.Fatal(err)
	}
	if sev, _ := over.Severity(stable, &lint.Diagnostic{Severity: lint.Info}); sev != lint.Error {
		t.Errorf("the user's override = %v; want error", sev)
	}
}

func TestEnabled(t *testing.T) {
	pedantic := &lint.Rule{Code: "DL3059", Name: "consecutive-run", Severity: lint.Info, Status: lint.Pedantic}
	reg := []*lint.Rule{stable, pedantic, tool}
	for _, c := range []struct {
		choice lint.Choice
		want   []string
	}{
		{lint.Choice{}, []string{"DL3008"}},
		{lint.Choice{Ignore: []string{"DL3008"}}, nil},
		{lint.Choice{ExtendSelect: []string{"DL3059"}}, []string{"DL3008", "DL3059"}},
		{lint.Choice{Select: []string{"all"}}, []string{"DL3008", "DL3059"}},
		{lint.Choice{Select: []string{"DL3059"}}, []string{"DL3059"}},
		{lint.Choice{Enable: []string{"shellcheck"}}, []string{"DL3008", "SC"}},
	} {
		sel, err := lint.NewSelection(reg, c.choice)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range sel.Enabled() {
			got = append(got, r.Code)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: Enabled = %v, want %v", c.choice, got, c.want)
		}
	}
}
