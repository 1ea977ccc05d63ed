package buildkit_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/buildkit"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/internal/conformancetest"
	"github.com/ballast-dev/ballast/rules/lint"
)

// conformanceCases is BuildKit's own check test data, extracted into the
// shared folder next to the repository (see its README for provenance).
const conformanceCases = "../../../shared/conformance/buildkit/cases.jsonl"

type conformanceCase struct {
	Name          string            `json:"name"`
	Dockerfile    string            `json:"dockerfile"`
	Dockerignore  *string           `json:"dockerignore"`
	Expect        []expectedWarning `json:"expect"`
	FrontendAttrs map[string]string `json:"frontend_attrs"`
	BuildError    string            `json:"build_error"`
	Verified      string            `json:"verified"`
}

type expectedWarning struct {
	Rule   string `json:"rule"`
	Line   int    `json:"line"`
	Detail string `json:"detail"`
}

func (w expectedWarning) String() string { return fmt.Sprintf("%d: %s %s", w.Line, w.Rule, w.Detail) }

// TestBuildKitConformance runs every rule of this package over BuildKit's
// check test cases, the way the CLI runs them, and requires the same set of
// (rule, line, message) triples. Cases that depend on what a static linter
// cannot know are excluded, with the reason, and still run for the log:
//   - registry: the expectation needs a base image's metadata;
//   - build-arg: a build argument changes the result (BUILDKIT_DOCKERFILE_CHECK
//     replaces the `# check=` directive, or an argument is used outside FROM
//     lines). A build argument that is a meta ARG used only in FROM lines is
//     kept: InvalidDefaultArgInFrom deliberately ignores build arguments, and
//     the argument otherwise only picks the image to pull;
//   - build-error: BuildKit stops at the first error and reports only the
//     warnings found before it, while ballast reports every finding.
func TestBuildKitConformance(t *testing.T) {
	cases := conformancetest.Cases[conformanceCase](t, conformanceCases, "BuildKit")
	rules := buildkit.Rules()
	type tally struct{ cases, pass, want, matched int }
	perRule := map[string]*tally{}
	for _, r := range rules {
		perRule[r.Name] = &tally{}
	}
	applicable, passed := 0, 0
	excluded := map[string]int{}
	for _, c := range cases {
		got, inputErrs := runConformanceCase(t, c, rules)
		want := slices.Clone(c.Expect)
		sortWarnings(want)
		ok := slices.Equal(got, want) && len(inputErrs) == 0
		if reason := exclusion(c); reason != "" {
			excluded[reason]++
			status := "matches"
			if !ok {
				status = "differs"
			}
			t.Logf("excluded (%s): %s %s", reason, c.Name, status)
			continue
		}
		applicable++
		if ok {
			passed++
		} else {
			t.Errorf("%s: findings differ\n%s", c.Name, warningDiff(got, want, inputErrs))
		}
		testFunc, _, _ := strings.Cut(c.Name, "/")
		for name, tl := range perRule {
			g, w := onlyRule(got, name), onlyRule(want, name)
			own := strings.Contains(strings.ToLower(testFunc), strings.ToLower(name))
			if len(g) == 0 && len(w) == 0 && !own {
				continue
			}
			tl.cases++
			if slices.Equal(g, w) {
				tl.pass++
			}
			tl.want += len(w)
			for _, x := range w {
				if slices.Contains(g, x) {
					tl.matched++
				}
			}
		}
	}
	var reasons []string
	total := 0
	for _, r := range []string{"build-arg", "build-error", "registry"} {
		if excluded[r] > 0 {
			reasons = append(reasons, fmt.Sprintf("%d %s", excluded[r], r))
			total += excluded[r]
		}
	}
	t.Logf("buildkit conformance: %d/%d applicable cases pass (%d excluded: %s)", passed, applicable, total, strings.Join(reasons, ", "))
	var table strings.Builder
	fmt.Fprintf(&table, "%-6s %-32s %6s %6s %9s\n", "code", "rule", "cases", "pass", "warnings")
	for _, r := range rules {
		tl := perRule[r.Name]
		fmt.Fprintf(&table, "%-6s %-32s %6d %6d %4d/%-4d\n", r.Code, r.Name, tl.cases, tl.pass, tl.matched, tl.want)
	}
	t.Log("per rule (applicable cases of the rule's own upstream test, or that expect or report it; warnings matched/expected):\n" + table.String())
}

// exclusion says why a case cannot be decided statically, or "".
func exclusion(c conformanceCase) string {
	if c.Verified == "not-static" {
		return "registry"
	}
	for k := range c.FrontendAttrs {
		name, isArg := strings.CutPrefix(k, "build-arg:")
		if !isArg || name == "BUILDKIT_DOCKERFILE_CHECK" || !fromOnlyMetaArg(c.Dockerfile, name) {
			return "build-arg"
		}
	}
	if c.BuildError != "" {
		return "build-error"
	}
	return ""
}

// fromOnlyMetaArg reports whether name is declared by an ARG before the
// first FROM and referenced only on FROM lines.
func fromOnlyMetaArg(dockerfile, name string) bool {
	ref := regexp.MustCompile(`\$\{?` + regexp.QuoteMeta(name) + `\b`)
	declared, inStage := false, false
	for line := range strings.SplitSeq(dockerfile, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		kw := strings.ToUpper(fields[0])
		switch {
		case kw == "FROM":
			inStage = true
			continue
		case kw == "ARG" && !inStage:
			for _, f := range fields[1:] {
				if k, _, _ := strings.Cut(f, "="); k == name {
					declared = true
				}
			}
		}
		if ref.MatchString(line) {
			return false
		}
	}
	return declared
}

// runConformanceCase writes the case's build context and runs the driver on
// it as the CLI does.
func runConformanceCase(t *testing.T, c conformanceCase, rules []*lint.Rule) ([]expectedWarning, []error) {
	t.Helper()
	// BuildKit runs every check that is not experimental; ballast's default
	// set leaves the pedantic ones out, so they are added back.
	var pedantic []string
	for _, r := range rules {
		if r.Status == lint.Pedantic {
			pedantic = append(pedantic, r.Code)
		}
	}
	res := conformancetest.Lint(t, c.Dockerfile, c.Dockerignore, driver.Options{Rules: rules, ExtendSelect: pedantic, Jobs: 1})
	var got []expectedWarning
	for _, f := range res.Findings {
		got = append(got, expectedWarning{Rule: f.Rule.Name, Line: f.Start.Line, Detail: f.Message})
	}
	sortWarnings(got)
	return got, res.Errors
}

func sortWarnings(ws []expectedWarning) {
	slices.SortFunc(ws, func(a, b expectedWarning) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if a.Rule != b.Rule {
			return strings.Compare(a.Rule, b.Rule)
		}
		return strings.Compare(a.Detail, b.Detail)
	})
}

func onlyRule(ws []expectedWarning, rule string) []expectedWarning {
	var out []expectedWarning
	for _, w := range ws {
		if w.Rule == rule {
			out = append(out, w)
		}
	}
	return out
}

// warningDiff lists what ballast reported that BuildKit does not (+), what
// it missed (-), and input errors.
func warningDiff(got, want []expectedWarning, errs []error) string {
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "  + %s\n", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}
	for _, err := range errs {
		fmt.Fprintf(&b, "  error: %v\n", err)
	}
	return b.String()
}
