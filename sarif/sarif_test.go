package sarif_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"go/token"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/report/reporttest"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/sarif"
	"github.com/ballast-dev/ballast/sarif/sariftest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/sarif")

// ValidateAgainstSchema fails t unless doc is valid SARIF 2.1.0.
func ValidateAgainstSchema(t *testing.T, doc []byte) {
	t.Helper()
	sariftest.Validate(t, doc)
}

// write renders run and validates the result, so every document a test
// produces is checked against the schema.
func write(t *testing.T, run *report.Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sarif.Write(&buf, run, sarif.Options{}); err != nil {
		t.Fatal(err)
	}
	ValidateAgainstSchema(t, buf.Bytes())
	return buf.Bytes()
}

// sarifLog is the part of the output the tests read.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind         string                     `json:"columnKind"`
		OriginalURIBaseIDs map[string]json.RawMessage `json:"originalUriBaseIds"`
		Tool               struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string                  `json:"id"`
					Name             string                  `json:"name"`
					ShortDescription message                 `json:"shortDescription"`
					FullDescription  message                 `json:"fullDescription"`
					Help             message                 `json:"help"`
					HelpURI          string                  `json:"helpUri"`
					Default          struct{ Level string }  `json:"defaultConfiguration"`
					Properties       struct{ Tags []string } `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string  `json:"level"`
				Message message `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string  `json:"ruleId"`
			RuleIndex *int    `json:"ruleIndex"`
			Level     string  `json:"level"`
			Message   message `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region region `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Fixes               []struct {
				Description     message `json:"description"`
				ArtifactChanges []struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Replacements []struct {
						DeletedRegion   region  `json:"deletedRegion"`
						InsertedContent message `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

type message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type region struct {
	StartLine   int  `json:"startLine"`
	StartColumn int  `json:"startColumn"`
	EndLine     int  `json:"endLine"`
	EndColumn   int  `json:"endColumn"`
	ByteOffset  *int `json:"byteOffset"`
	ByteLength  *int `json:"byteLength"`
}

func parse(t *testing.T, doc []byte) *sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(doc, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}
	return &log
}

func TestGolden(t *testing.T) {
	cases := []struct {
		golden string
		run    func() *report.Run
	}{
		{"full.sarif", reporttest.Run},
		{"clean.sarif", reporttest.Clean},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			got := write(t, c.run())
			reporttest.Golden(t, filepath.Join("..", "testdata", "sarif", c.golden), got, *update)
		})
	}
}

// TestGitHubConstraints checks what GitHub code scanning relies on.
func TestGitHubConstraints(t *testing.T) {
	log := parse(t, write(t, reporttest.Run()))
	if log.Version != "2.1.0" || log.Schema == "" {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	driver := run.Tool.Driver
	if driver.Name != "ballast" || driver.Version != "0.1.0-test" {
		t.Errorf("driver %q %q", driver.Name, driver.Version)
	}
	for _, r := range driver.Rules {
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" {
			t.Errorf("rule %s lacks a description or help text", r.ID)
		}
		if utf8.RuneCountInString(r.ShortDescription.Text) > 1024 || utf8.RuneCountInString(r.FullDescription.Text) > 1024 {
			t.Errorf("rule %s: description longer than 1024 characters", r.ID)
		}
		if len(r.Name) > 255 {
			t.Errorf("rule %s: name longer than 255 characters", r.ID)
		}
		if !strings.Contains(r.Help.Markdown, r.HelpURI) {
			t.Errorf("rule %s: help.markdown lacks the link %s", r.ID, r.HelpURI)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(driver.Rules) {
			t.Errorf("result %d: ruleIndex %v out of range", i, res.RuleIndex)
		} else if id := driver.Rules[*res.RuleIndex].ID; id != res.RuleID {
			t.Errorf("result %d: ruleIndex points at %s, ruleId is %s", i, id, res.RuleID)
		}
		if res.Message.Text == "" {
			t.Errorf("result %d: empty message", i)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations", i, len(res.Locations))
		}
		loc := res.Locations[0].PhysicalLocation
		u, err := url.Parse(loc.ArtifactLocation.URI)
		if err != nil || u.IsAbs() || strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "../") {
			t.Errorf("result %d: uri %q is not relative (%v)", i, loc.ArtifactLocation.URI, err)
		}
		if loc.ArtifactLocation.URIBaseID != sarif.SrcRoot {
			t.Errorf("result %d: uriBaseId %q", i, loc.ArtifactLocation.URIBaseID)
		}
		reg := loc.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 || reg.EndLine < reg.StartLine || reg.EndColumn < 1 {
			t.Errorf("result %d: bad region %+v", i, reg)
		}
		if reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
			t.Errorf("result %d: region ends before it starts: %+v", i, reg)
		}
		if res.PartialFingerprints[sarif.FingerprintKey] == "" {
			t.Errorf("result %d: no fingerprint", i)
		}
	}
	if base, ok := run.OriginalURIBaseIDs[sarif.SrcRoot]; !ok || !strings.Contains(string(base), `"file:///work/project/"`) {
		t.Errorf("originalUriBaseIds = %s", base)
	}
}

func TestRulesInOrderOfFirstFinding(t *testing.T) {
	log := parse(t, write(t, reporttest.Run()))
	var ids []string
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if got, want := strings.Join(ids, " "), "BA401 BA201 BK001 BA101 DL3008"; got != want {
		t.Errorf("rules %s, want %s", got, want)
	}
	byID := map[string]int{}
	for i, r := range log.Runs[0].Tool.Driver.Rules {
		byID[r.ID] = i
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if tags := rules[byID["BA401"]].Properties.Tags; strings.Join(tags, ",") != "security,ballast" {
		t.Errorf("BA401 tags %v", tags)
	}
	if tags := rules[byID["BA201"]].Properties.Tags; strings.Join(tags, ",") != "uv,ballast" {
		t.Errorf("BA201 tags %v", tags)
	}
	levels := map[string]string{"BA401": "error", "BA201": "warning", "BK001": "note", "BA101": "note", "DL3008": "warning"}
	for id, want := range levels {
		if got := rules[byID[id]].Default.Level; got != want {
			t.Errorf("%s defaultConfiguration.level = %q, want %q", id, got, want)
		}
	}
}

func TestUTF16Columns(t *testing.T) {
	log := parse(t, write(t, reporttest.Run()))
	res := log.Runs[0].Results[0] // BA401, after "é", "☕" and "😀" on its line
	reg := res.Locations[0].PhysicalLocation.Region
	// `RUN echo "héllo ☕ 😀" && ` is 30 bytes and 25 UTF-16 units.
	if reg.StartLine != 4 || reg.StartColumn != 26 || reg.EndLine != 4 || reg.EndColumn != 72 {
		t.Errorf("BA401 region %+v, want 4:26-4:72", reg)
	}
	if res.Level != "error" {
		t.Errorf("level %q", res.Level)
	}
	// The CRLF file: the span ends at the end of the line, before "\r".
	last := log.Runs[0].Results[5] // DL3008 on "curl"
	if reg := last.Locations[0].PhysicalLocation.Region; reg.StartColumn != 24 || reg.EndColumn != 28 {
		t.Errorf("DL3008 region %+v, want columns 24-28", reg)
	}
}

func TestMissingSourceKeepsByteColumns(t *testing.T) {
	run := reporttest.Run()
	delete(run.Sources, reporttest.Root+"/Dockerfile")
	log := parse(t, write(t, run))
	reg := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	if reg.StartColumn != 31 || reg.EndColumn != 77 {
		t.Errorf("region %+v, want byte columns 31-77", reg)
	}
}

func fingerprints(t *testing.T, run *report.Run) []string {
	t.Helper()
	var out []string
	for _, res := range parse(t, write(t, run)).Runs[0].Results {
		out = append(out, res.PartialFingerprints[sarif.FingerprintKey])
	}
	return out
}

func TestFingerprints(t *testing.T) {
	base := fingerprints(t, reporttest.Run())
	seen := map[string]bool{}
	for i, fp := range base {
		if seen[fp] {
			t.Errorf("result %d: duplicate fingerprint %s", i, fp)
		}
		seen[fp] = true
	}

	// Two lines inserted above every finding of the Dockerfile: positions
	// change, fingerprints don't.
	moved := reporttest.Run()
	df := reporttest.Root + "/Dockerfile"
	const prefix = "# a comment\n\n"
	moved.Sources[df] = []byte(prefix + reporttest.Dockerfile)
	for i := range moved.Findings {
		f := &moved.Findings[i]
		if f.File == df {
			f.Start.Line += 2
			f.End.Line += 2
			f.Start.Offset += len(prefix)
			f.End.Offset += len(prefix)
		}
	}
	if got := fingerprints(t, moved); strings.Join(got, " ") != strings.Join(base, " ") {
		t.Errorf("fingerprints changed when lines moved:\n got %v\nwant %v", got, base)
	}

	// The CRLF file read with LF endings: same fingerprints.
	lf := reporttest.Run()
	svc := reporttest.Root + "/svc/Dockerfile"
	lf.Sources[svc] = bytes.ReplaceAll(lf.Sources[svc], []byte("\r\n"), []byte("\n"))
	if got := fingerprints(t, lf); strings.Join(got[3:], " ") != strings.Join(base[3:], " ") {
		t.Errorf("fingerprints depend on line endings:\n got %v\nwant %v", got[3:], base[3:])
	}
}

func TestInvocation(t *testing.T) {
	log := parse(t, write(t, reporttest.Run()))
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful {
		t.Fatalf("invocations %+v, want one unsuccessful", inv)
	}
	if n := inv[0].Notifications; len(n) != 1 || n[0].Level != "error" || !strings.Contains(n[0].Message.Text, "unknown instruction FORM") {
		t.Errorf("notifications %+v", n)
	}
	clean := parse(t, write(t, reporttest.Clean()))
	if inv := clean.Runs[0].Invocations; len(inv) != 1 || !inv[0].ExecutionSuccessful || len(inv[0].Notifications) != 0 {
		t.Errorf("clean invocations %+v, want one successful without notifications", inv)
	}
	if len(clean.Runs[0].Tool.Driver.Rules) != 0 || len(clean.Runs[0].Results) != 0 {
		t.Errorf("clean run has rules or results")
	}
}

func TestFixes(t *testing.T) {
	log := parse(t, write(t, reporttest.Run()))
	res := log.Runs[0].Results
	if len(res[5].Fixes) != 0 {
		t.Errorf("DL3008 has fixes")
	}
	fx := res[1].Fixes // BA201: insert " --locked" after "uv sync"
	if len(fx) != 1 || len(fx[0].ArtifactChanges) != 1 {
		t.Fatalf("BA201 fixes %+v", fx)
	}
	ch := fx[0].ArtifactChanges[0]
	rep := ch.Replacements[0]
	src := reporttest.Dockerfile
	want := strings.Index(src, "uv sync") + len("uv sync")
	if ch.ArtifactLocation.URI != "Dockerfile" || rep.DeletedRegion.ByteOffset == nil || *rep.DeletedRegion.ByteOffset != want ||
		rep.DeletedRegion.ByteLength == nil || *rep.DeletedRegion.ByteLength != 0 || rep.InsertedContent.Text != " --locked" {
		t.Errorf("BA201 change %+v", ch)
	}
	// An edit without a file edits the finding's file.
	if uri := res[4].Fixes[0].ArtifactChanges[0].ArtifactLocation.URI; uri != "svc/Dockerfile" {
		t.Errorf("BA101 fix uri %q", uri)
	}
}

func TestURIs(t *testing.T) {
	rule := &lint.Rule{Code: "DL3007", Name: "latest-tag", Severity: lint.Warning, Doc: "using latest is prone to errors"}
	finding := func(file string) lint.Finding {
		return lint.Finding{Rule: rule, Severity: lint.Warning, File: file, Message: "m", Start: at(1, 1), End: at(1, 2)}
	}
	cases := []struct {
		root, file, uri, base string
	}{
		{"/work/project", "/work/project/my dir/Dockerfile#1", "my%20dir/Dockerfile%231", sarif.SrcRoot},
		{"/work/project", "/work/project/a:b/Dockerfile.ünï", "a%3Ab/Dockerfile.%C3%BCn%C3%AF", sarif.SrcRoot},
		{"/work/project", "/elsewhere/Dockerfile", "file:///elsewhere/Dockerfile", ""},
		{"", "svc/Dockerfile", "svc/Dockerfile", sarif.SrcRoot},
		{".", "svc/Dockerfile", "svc/Dockerfile", sarif.SrcRoot},
	}
	for _, c := range cases {
		run := &report.Run{Root: c.root, Findings: []lint.Finding{finding(c.file)}}
		log := parse(t, write(t, run))
		loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != c.uri || loc.URIBaseID != c.base {
			t.Errorf("root %q file %q: uri %q base %q, want %q %q", c.root, c.file, loc.URI, loc.URIBaseID, c.uri, c.base)
		}
		_, hasBase := log.Runs[0].OriginalURIBaseIDs[sarif.SrcRoot]
		if hasBase != filepath.IsAbs(c.root) {
			t.Errorf("root %q: originalUriBaseIds present = %v", c.root, hasBase)
		}
	}
}

func TestFileLevelFindingGetsARegion(t *testing.T) {
	rule := &lint.Rule{Code: "BA205", Name: "stale-lock", Severity: lint.Warning, Doc: "stale lock"}
	run := &report.Run{Root: "/p", Findings: []lint.Finding{{Rule: rule, Severity: lint.Warning, File: "/p/uv.lock", Message: "m"}}}
	reg := parse(t, write(t, run)).Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	if reg.StartLine != 1 || reg.StartColumn != 1 {
		t.Errorf("region %+v", reg)
	}
}

func TestLongDocIsTruncated(t *testing.T) {
	long := strings.Repeat("é", 3000)
	rule := &lint.Rule{Code: "BA301", Name: "heavy-install-layer", Severity: lint.Info, Doc: "heavy\n\n## Why\n" + long}
	run := &report.Run{Findings: []lint.Finding{{Rule: rule, Severity: lint.Info, File: "Dockerfile", Message: "m", Start: at(1, 1)}}}
	r := parse(t, write(t, run)).Runs[0].Tool.Driver.Rules[0]
	if n := utf8.RuneCountInString(r.FullDescription.Text); n > 1024 || !strings.HasSuffix(r.FullDescription.Text, "…") {
		t.Errorf("fullDescription has %d characters", n)
	}
	if !strings.Contains(r.Help.Text, long) {
		t.Errorf("help.text was truncated")
	}
}

func TestDeterministic(t *testing.T) {
	first := write(t, reporttest.Run())
	for range 20 {
		if again := write(t, reporttest.Run()); !bytes.Equal(first, again) {
			t.Fatal("output differs between two writes of the same run")
		}
	}
}

func at(line, col int) token.Position { return token.Position{Line: line, Column: col} }

// many is a run of n findings of one rule, each on its own line.
func many(n int) (*report.Run, *lint.Rule) {
	rule := &lint.Rule{Code: "DL3007", Name: "from-latest-tag", Category: "dockerfile", Severity: lint.Warning, Doc: "latest tag\n\n## Why\nIt moves."}
	run := &report.Run{Root: "/p"}
	for i := range n {
		run.Findings = append(run.Findings, lint.Finding{Rule: rule, Severity: lint.Warning, File: "/p/Dockerfile", Message: "latest " + strconv.Itoa(i), Start: at(i+1, 1), End: at(i+1, 5)})
	}
	return run, rule
}

func truncated(t *testing.T, run *report.Run, opts sarif.Options) (*sarifLog, []string) {
	t.Helper()
	var notices []string
	opts.Notify = func(msg string) { notices = append(notices, msg) }
	var buf bytes.Buffer
	if err := sarif.Write(&buf, run, opts); err != nil {
		t.Fatal(err)
	}
	ValidateAgainstSchema(t, buf.Bytes())
	return parse(t, buf.Bytes()), notices
}

// TestResultLimit: past the limit results are left out, the log says so
// in a warning notification and the caller is told, and the run stays
// successful.
func TestResultLimit(t *testing.T) {
	run, _ := many(30)
	log, notices := truncated(t, run, sarif.Options{MaxResults: 25})
	r := log.Runs[0]
	if len(r.Results) != 25 {
		t.Errorf("%d results, want 25", len(r.Results))
	}
	inv := r.Invocations[0]
	if !inv.ExecutionSuccessful || len(inv.Notifications) != 1 || inv.Notifications[0].Level != "warning" ||
		!strings.Contains(inv.Notifications[0].Message.Text, "5 of 30 results left out") {
		t.Errorf("invocation %+v", inv)
	}
	if len(notices) != 1 || notices[0] != inv.Notifications[0].Message.Text {
		t.Errorf("notices %q", notices)
	}

	// Under the limit: no notice.
	run, _ = many(25)
	log, notices = truncated(t, run, sarif.Options{MaxResults: 25})
	if len(log.Runs[0].Results) != 25 || len(notices) != 0 || len(log.Runs[0].Invocations[0].Notifications) != 0 {
		t.Errorf("%d results, notices %q", len(log.Runs[0].Results), notices)
	}
	if sarif.MaxResults != 25000 || sarif.MaxCompressed != 10_000_000 {
		t.Error("GitHub's limits changed: check https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning")
	}
}

// TestCompressedLimit: the log, gzip-compressed as upload-sarif sends it,
// stays under the size limit.
func TestCompressedLimit(t *testing.T) {
	run, _ := many(20000)
	const limit = 1<<20 + 100_000 // 100 kB for results above the reserve
	log, notices := truncated(t, run, sarif.Options{MaxCompressed: limit})
	n := len(log.Runs[0].Results)
	if n == 0 || n == 20000 || len(notices) != 1 {
		t.Fatalf("%d results, notices %q: want some left out", n, notices)
	}
	var buf, gz bytes.Buffer
	opts := sarif.Options{MaxCompressed: limit}
	if err := sarif.Write(&buf, run, opts); err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(buf.Bytes())
	_ = zw.Close()
	if gz.Len() > limit {
		t.Errorf("compressed log is %d bytes, over the limit %d", gz.Len(), limit)
	}
}

// TestSelectedRulesListed: every rule the run checked is listed, fired or
// not, in the order given, and a rule that fired unlisted is added.
func TestSelectedRulesListed(t *testing.T) {
	run, fired := many(1)
	quiet := &lint.Rule{Code: "BA201", Name: "sync-not-locked", Category: "uv", Severity: lint.Warning, Doc: "uv sync without --locked\n\n## Why\nThe lock may be `re-resolved`.\n\nMore."}
	secret := &lint.Rule{Code: "DL3064", Name: "secret-in-arg-or-env", Category: "dockerfile", Severity: lint.Warning, SecuritySeverity: 7.5, Doc: "secret\n\n## Why\nA **secret** stays in the [history](https://docs.docker.com)."}
	var buf bytes.Buffer
	if err := sarif.Write(&buf, run, sarif.Options{Rules: []*lint.Rule{quiet, secret}, Category: "docker"}); err != nil {
		t.Fatal(err)
	}
	ValidateAgainstSchema(t, buf.Bytes())
	var log struct {
		Runs []struct {
			AutomationDetails struct{ ID string } `json:"automationDetails"`
			Tool              struct {
				Driver struct {
					Rules []struct {
						ID              string
						FullDescription message        `json:"fullDescription"`
						Properties      map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleIndex int `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0]
	var ids []string
	for _, d := range r.Tool.Driver.Rules {
		ids = append(ids, d.ID)
	}
	if got := strings.Join(ids, " "); got != "BA201 DL3064 "+fired.Code {
		t.Errorf("rules %s", got)
	}
	if r.Results[0].RuleIndex != 2 {
		t.Errorf("ruleIndex %d, want 2", r.Results[0].RuleIndex)
	}
	if got := r.Tool.Driver.Rules[0].FullDescription.Text; got != "The lock may be re-resolved." {
		t.Errorf("BA201 fullDescription %q", got)
	}
	sec := r.Tool.Driver.Rules[1]
	if got := sec.FullDescription.Text; got != "A secret stays in the history." {
		t.Errorf("DL3064 fullDescription %q", got)
	}
	if sec.Properties["security-severity"] != "7.5" || sec.Properties["precision"] != "high" || sec.Properties["problem.severity"] != "warning" {
		t.Errorf("DL3064 properties %v", sec.Properties)
	}
	if tags := sec.Properties["tags"].([]any); len(tags) != 3 || tags[2] != "security" {
		t.Errorf("DL3064 tags %v", tags)
	}
	if _, ok := r.Tool.Driver.Rules[0].Properties["security-severity"]; ok {
		t.Error("BA201 has a security-severity")
	}
	if r.AutomationDetails.ID != "docker/" {
		t.Errorf("automationDetails.id %q", r.AutomationDetails.ID)
	}
}

// TestSemanticVersion: a module version becomes semanticVersion without
// Go's "v"; a bare commit is no SemVer and leaves it out.
func TestSemanticVersion(t *testing.T) {
	for version, want := range map[string]string{
		"v1.2.3": "1.2.3",
		"v0.0.0-20261206034734-e7a5a65fb5ab+dirty": "0.0.0-20261206034734-e7a5a65fb5ab+dirty",
		"e7a5a65fb5ab": "",
		"dev":          "",
	} {
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Version         string `json:"version"`
						SemanticVersion string `json:"semanticVersion"`
					} `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(write(t, &report.Run{Version: version}), &log); err != nil {
			t.Fatal(err)
		}
		d := log.Runs[0].Tool.Driver
		if d.Version != version || d.SemanticVersion != want {
			t.Errorf("%s: version %q, semanticVersion %q, want %q", version, d.Version, d.SemanticVersion, want)
		}
	}
}
