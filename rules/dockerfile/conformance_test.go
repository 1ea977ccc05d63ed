package dockerfile_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/dockerfile"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/internal/conformancetest"
	"github.com/ballast-dev/ballast/rules/lint"
)

// hadolintCases is hadolint's unit-test suite turned into data, kept in the
// shared folder beside the repository (hadolint is GPL-3.0: its cases are
// read at test time, never copied here). Its README gives the harness
// semantics reproduced below.
const hadolintCases = "../../../shared/conformance/hadolint/cases.jsonl"

// divergencesFile lists the cases we deliberately do not match.
const divergencesFile = "DIVERGENCES.md"

// minPassRate is the share of the cases of the registered rules, run as
// they are (the divergent and unparsable ones counted as failures), that
// must pass.
const minPassRate = 0.97

type hadolintCase struct {
	Rule       string         `json:"rule"`
	Expect     string         `json:"expect"`
	Dockerfile string         `json:"dockerfile"`
	Onbuild    bool           `json:"onbuild"`
	Source     string         `json:"source"`
	Count      *int           `json:"count"`
	Config     map[string]any `json:"config"`
	Helper     string         `json:"helper"`
	Describe   string         `json:"describe"`
	It         string         `json:"it"`
	SpecLine   int            `json:"spec_line"`
}

// key names a case as DIVERGENCES.md does: spec file and line.
func (c hadolintCase) key() string {
	return fmt.Sprintf("%s:%d", filepath.Base(c.Source), c.SpecLine)
}

type ruleTally struct {
	cases, pass, fail, rejected, divergent, skipped int
}

// TestHadolintConformance runs every DL rule of this package over
// hadolint's own test cases, with the harness semantics of the data's
// README, and requires the same verdicts. The cases run as they are:
// snippets without FROM are linted as hadolint lints them (BuildKit
// refuses them, which DL3061 and BA002 report). Cases that cannot be
// parsed at all and the behaviour differences must be listed in
// DIVERGENCES.md.
func TestHadolintConformance(t *testing.T) {
	cases := conformancetest.Cases[hadolintCase](t, hadolintCases, "hadolint")
	listedRejected, listedDiverge, err := readDivergences(divergencesFile)
	if err != nil {
		t.Fatal(err)
	}
	rules := dockerfile.Rules()
	registered := map[string]bool{}
	for _, r := range rules {
		registered[r.Code] = true
	}
	tally := map[string]*ruleTally{}
	notImplemented := map[string]int{}
	skipReasons := map[string]int{}
	rejections := map[string]int{} // BuildKit's error message → cases
	shellcheck := 0
	seenRejected, seenDiverge := map[string]bool{}, map[string]bool{}
	applicable, pass := 0, 0
	for _, c := range cases {
		switch {
		case c.Rule == "*" || strings.HasPrefix(c.Rule, "SC"):
			shellcheck++
			continue
		case !registered[c.Rule]:
			notImplemented[c.Rule]++
			continue
		}
		tl := tally[c.Rule]
		if tl == nil {
			tl = &ruleTally{}
			tally[c.Rule] = tl
		}
		tl.cases++
		if reason := skipReason(c); reason != "" {
			tl.skipped++
			skipReasons[reason]++
			continue
		}
		got, errs := runHadolintCase(t, c, rules)
		key := c.key()
		if len(errs) > 0 {
			tl.rejected++
			seenRejected[key] = true
			rejections[errMessage(errs[0])]++
			if !listedRejected[key] {
				t.Errorf("%s %s: the input cannot be parsed at all and DIVERGENCES.md does not list it: %v\n%s", key, c.Rule, errs[0], c.Dockerfile)
			}
			continue
		}
		if listedRejected[key] {
			t.Errorf("%s %s: DIVERGENCES.md lists it as unparsable, but it parses", key, c.Rule)
		}
		ok, why := verdict(c, got)
		if listedDiverge[key] {
			seenDiverge[key] = true
			tl.divergent++
			if ok {
				t.Errorf("%s %s: listed in DIVERGENCES.md but now matches hadolint; remove the entry", key, c.Rule)
			}
			continue
		}
		applicable++
		if ok {
			pass++
			tl.pass++
			continue
		}
		tl.fail++
		t.Errorf("%s %s (%s / %s): %s; not listed in DIVERGENCES.md\n%s", key, c.Rule, c.Describe, c.It, why, c.Dockerfile)
	}

	var table strings.Builder
	fmt.Fprintf(&table, "%-7s %6s %6s %6s %9s %7s %8s\n", "rule", "cases", "pass", "fail", "unparsed", "diverge", "skipped")
	codes := make([]string, 0, len(tally))
	for code := range tally {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		tl := tally[code]
		fmt.Fprintf(&table, "%-7s %6d %6d %6d %9d %7d %8d\n", code, tl.cases, tl.pass, tl.fail, tl.rejected, tl.divergent, tl.skipped)
	}
	t.Log("per rule (unparsed: the input cannot be parsed at all):\n" + table.String())

	var ni []string
	niCases := 0
	for code, n := range notImplemented {
		ni = append(ni, code)
		niCases += n
	}
	slices.Sort(ni)
	var skips []string
	for reason, n := range skipReasons {
		skips = append(skips, fmt.Sprintf("%d %s", n, reason))
	}
	slices.Sort(skips)
	run := applicable + sumRejected(tally) + sumDivergent(tally)
	rate := 1.0
	if run > 0 {
		rate = float64(pass) / float64(run)
	}
	t.Logf("hadolint conformance, cases as they are: %d/%d pass (%.1f%%) for %d rules; %d cannot be parsed at all; %d divergent; skipped: %s; not implemented: %d cases of %d rules; ShellCheck and any-rule cases: %d",
		pass, run, 100*rate, len(tally), sumRejected(tally), sumDivergent(tally), orNone(strings.Join(skips, ", ")), niCases, len(ni), shellcheck)
	var rej []string
	for msg, n := range rejections {
		rej = append(rej, fmt.Sprintf("%d × %q", n, msg))
	}
	slices.Sort(rej)
	t.Logf("input errors of the unparsed cases: %s", orNone(strings.Join(rej, ", ")))
	if rate < minPassRate {
		t.Errorf("pass rate %.1f%% is below %.0f%%", 100*rate, 100*minPassRate)
	}
	for key := range listedRejected {
		if !seenRejected[key] && caseOfRegistered(cases, key, registered) {
			t.Errorf("%s: DIVERGENCES.md lists it as unparsable, but it parses", key)
		}
	}
	for key := range listedDiverge {
		if !seenDiverge[key] && caseOfRegistered(cases, key, registered) {
			t.Errorf("%s: DIVERGENCES.md lists a behaviour difference that no longer occurs", key)
		}
	}
}

// skipReason says why a case of a registered rule cannot run yet, or "".
func skipReason(c hadolintCase) string {
	for k := range c.Config {
		if k != "ignoreRules" && !hadolintConfigKeys[k] { // ignoreRules only matters to the any-rule cases
			return "needs config"
		}
	}
	return ""
}

// verdict applies the case's expectation to the findings of its rule.
func verdict(c hadolintCase, findings []lint.Finding) (bool, string) {
	n := 0
	for _, f := range findings {
		if f.Rule.Code != c.Rule {
			continue
		}
		n++
		if c.Count == nil && f.Start.Line <= 0 {
			return false, fmt.Sprintf("finding on line %d", f.Start.Line)
		}
	}
	switch {
	case c.Count == nil && n == 0:
		return false, "expected at least one finding, got none"
	case c.Count != nil && n != *c.Count:
		return false, fmt.Sprintf("expected %d findings, got %d%s", *c.Count, n, describeFindings(findings, c.Rule))
	}
	return true, ""
}

func describeFindings(fs []lint.Finding, code string) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Rule.Code == code {
			fmt.Fprintf(&b, "\n\t%d:%d: %s", f.Start.Line, f.Start.Column, f.Message)
		}
	}
	return b.String()
}

// runHadolintCase lints the case's Dockerfile as hadolint's harness builds
// it (one more newline, RUNs wrapped in ONBUILD when asked) and returns the findings of the case's rule and input errors.
func runHadolintCase(t *testing.T, c hadolintCase, rules []*lint.Rule) ([]lint.Finding, []error) {
	t.Helper()
	text := c.Dockerfile + "\n"
	if c.Onbuild {
		text = wrapRunsInOnbuild(text)
	}
	res := conformancetest.Lint(t, text, nil, driver.Options{Rules: rules, Select: []string{c.Rule}, Jobs: 1, Config: hadolintConfig(t, c)})
	return res.Findings, res.Errors
}

// hadolintConfigKeys are the hadolint Configuration fields that
// hadolintConfig maps to a lint.Config.
var hadolintConfigKeys = map[string]bool{"allowedRegistries": true, "labelSchema": true, "strictLabels": true}

// hadolintConfig turns a case's hadolint configuration into ours:
// allowedRegistries → TrustedRegistries, labelSchema → LabelSchema,
// strictLabels → StrictLabels. Nil when the case sets none of them.
func hadolintConfig(t *testing.T, c hadolintCase) *lint.Config {
	t.Helper()
	var cfg lint.Config
	set := false
	for k, v := range c.Config {
		if !hadolintConfigKeys[k] {
			continue
		}
		set = true
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var dst any
		switch k {
		case "allowedRegistries":
			dst = &cfg.TrustedRegistries
		case "labelSchema":
			dst = &cfg.LabelSchema
		case "strictLabels":
			dst = &cfg.StrictLabels
		}
		if err := json.Unmarshal(data, dst); err != nil {
			t.Fatalf("%s: config %s: %v", c.key(), k, err)
		}
	}
	if !set {
		return nil
	}
	return &cfg
}

// wrapRunsInOnbuild prefixes every line that starts a RUN instruction with
// "ONBUILD ", leaving continuation lines alone: the text-level equivalent
// of the harness wrapping RUN nodes, line numbers unchanged.
func wrapRunsInOnbuild(text string) string {
	lines := strings.SplitAfter(text, "\n")
	continued := false
	for i, l := range lines {
		body := strings.TrimRight(l, "\r\n")
		trimmed := strings.TrimLeft(body, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue // blank and comment lines neither start nor end an instruction
		}
		if !continued {
			if word, _, _ := strings.Cut(trimmed, " "); strings.EqualFold(word, "RUN") {
				indent := len(l) - len(strings.TrimLeft(l, " \t"))
				lines[i] = l[:indent] + "ONBUILD " + l[indent:]
			}
		}
		continued = strings.HasSuffix(strings.TrimRight(body, " \t"), `\`)
	}
	return strings.Join(lines, "")
}

// errMessage is an input error without its file and line.
func errMessage(err error) string {
	return errPlace.ReplaceAllString(err.Error(), "")
}

var errPlace = regexp.MustCompile(`^.*Dockerfile:\d+(:\d+)?: `)

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func sumRejected(m map[string]*ruleTally) int {
	n := 0
	for _, tl := range m {
		n += tl.rejected
	}
	return n
}

func sumDivergent(m map[string]*ruleTally) int {
	n := 0
	for _, tl := range m {
		n += tl.divergent
	}
	return n
}

func caseOfRegistered(cases []hadolintCase, key string, registered map[string]bool) bool {
	for _, c := range cases {
		if c.key() == key && registered[c.Rule] {
			return true
		}
	}
	return false
}

// readDivergences reads the case keys (`DL3000Spec.hs:13`) listed under the
// "## Cannot be parsed" and "## Behaviour differences" headings.
func readDivergences(path string) (rejected, diverge map[string]bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	rejected, diverge = map[string]bool{}, map[string]bool{}
	var section map[string]bool
	keyRE := regexp.MustCompile("`([A-Za-z0-9]+\\.hs:[0-9]+)`")
	for line := range strings.SplitSeq(string(data), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			switch strings.TrimSpace(h) {
			case "Cannot be parsed":
				section = rejected
			case "Behaviour differences":
				section = diverge
			default:
				section = nil
			}
			continue
		}
		if section == nil {
			continue
		}
		for _, m := range keyRE.FindAllStringSubmatch(line, -1) {
			section[m[1]] = true
		}
	}
	return rejected, diverge, nil
}
