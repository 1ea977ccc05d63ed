package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/report/reporttest"
	"github.com/ballast-dev/ballast/rules/lint"
)

// ciFormats are the CI and editor formats, each with its golden.
var ciFormats = []struct {
	name   string
	render func(io.Writer, *report.Run) error
}{
	{"github", report.GitHub},
	{"gitlab", report.GitLab},
	{"checkstyle", report.Checkstyle},
	{"junit", report.JUnit},
	{"rdjson", report.RDJSON},
	{"jsonlines", report.JSONLines},
	{"gnu", report.GNU},
	{"hadolint_json", report.HadolintJSON},
}

func TestCIFormatGoldens(t *testing.T) {
	for _, f := range ciFormats {
		for _, run := range []struct {
			suffix string
			run    func() *report.Run
		}{{"", reporttest.Run}, {"_clean", reporttest.Clean}} {
			golden := f.name + run.suffix + ".golden"
			t.Run(golden, func(t *testing.T) {
				var buf bytes.Buffer
				if err := f.render(&buf, run.run()); err != nil {
					t.Fatal(err)
				}
				reporttest.Golden(t, filepath.Join("..", "testdata", "report", golden), buf.Bytes(), *update)
			})
		}
	}
}

func render(t *testing.T, fn func(io.Writer, *report.Run) error, run *report.Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf, run); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkstyleDoc is the shape reviewdog's checkstyle parser reads
// (reviewdog/parser/checkstyle.go): file@name, error@line, @column,
// @severity, @message, @source.
type checkstyleDoc struct {
	XMLName xml.Name `xml:"checkstyle"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

// junitDoc is the shape GitLab's JUnit parser reads
// (Gitlab::Ci::Parsers::Test::Junit): testsuites > testsuite > testcase
// with name and classname, a failure with its text.
type junitDoc struct {
	XMLName xml.Name `xml:"testsuites"`
	Suites  []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func decodeXML(t *testing.T, data []byte, v any) {
	t.Helper()
	// Well-formedness first: every token must decode.
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
	}
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func TestCheckstyleShape(t *testing.T) {
	var doc checkstyleDoc
	decodeXML(t, render(t, report.Checkstyle, hostileRun()), &doc)
	if len(doc.Files) != 4 {
		t.Fatalf("want 4 files (uv.lock listed clean), got %d", len(doc.Files))
	}
	n := 0
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			n++
			if e.Line < 1 || e.Column < 1 || e.Source == "" || e.Message == "" {
				t.Errorf("%s: incomplete error %+v", f.Name, e)
			}
			switch e.Severity {
			case "error", "warning", "info":
			default:
				t.Errorf("severity %q is not checkstyle's", e.Severity)
			}
		}
	}
	if n != len(hostileRun().Findings) {
		t.Errorf("want %d errors, got %d", len(hostileRun().Findings), n)
	}
}

func TestJUnitShape(t *testing.T) {
	var doc junitDoc
	decodeXML(t, render(t, report.JUnit, hostileRun()), &doc)
	failures := 0
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) {
			t.Errorf("%s: tests=%d but %d test cases", s.Name, s.Tests, len(s.Cases))
		}
		for _, c := range s.Cases {
			if c.Name == "" || c.Classname != s.Name {
				t.Errorf("%s: test case %+v", s.Name, c)
			}
			if c.Failure != nil {
				failures++
				if c.Failure.Text == "" || c.Failure.Message == "" {
					t.Errorf("%s: empty failure", c.Name)
				}
			}
		}
	}
	if failures != len(hostileRun().Findings) {
		t.Errorf("want %d failures, got %d", len(hostileRun().Findings), failures)
	}
}

func TestHadolintJSONShape(t *testing.T) {
	out := render(t, report.HadolintJSON, hostileRun())
	if bytes.Count(out, []byte("\n")) != 1 {
		t.Errorf("hadolint writes one line, got:\n%s", out)
	}
	var items []map[string]any
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		var keys []string
		for k := range it {
			keys = append(keys, k)
		}
		if len(keys) != 6 {
			t.Errorf("want hadolint's six keys, got %v", keys)
		}
		switch it["level"] {
		case "error", "warning", "info", "style":
		default:
			t.Errorf("level %v is not hadolint's", it["level"])
		}
	}
	// The keys in hadolint's order, as aeson writes them.
	if !bytes.HasPrefix(out, []byte(`[{"code":`)) || !bytes.Contains(out, []byte(`,"column":`)) {
		t.Errorf("not hadolint's key order:\n%s", out)
	}
	if got := string(render(t, report.HadolintJSON, reporttest.Clean())); got != "[]\n" {
		t.Errorf("no findings: want [], got %q", got)
	}
}

func TestGitLabShape(t *testing.T) {
	var issues []struct {
		Description string `json:"description"`
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	dec := json.NewDecoder(bytes.NewReader(render(t, report.GitLab, reporttest.Run())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&issues); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] {
			t.Errorf("fingerprint %s repeated", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
		switch is.Severity {
		case "info", "minor", "major", "critical", "blocker":
		default:
			t.Errorf("severity %q is not GitLab's", is.Severity)
		}
		if is.Description == "" || is.CheckName == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
			t.Errorf("incomplete issue %+v", is)
		}
	}
	// A line added above every finding moves them, not their fingerprints.
	moved := reporttest.Run()
	for path, src := range moved.Sources {
		moved.Sources[path] = append([]byte("# new first line\n"), src...)
	}
	for i := range moved.Findings {
		f := &moved.Findings[i]
		f.Start.Line++
		f.Start.Offset += len("# new first line\n")
	}
	before, after := render(t, report.GitLab, reporttest.Run()), render(t, report.GitLab, moved)
	if fp := fingerprints(t, before); strings.Join(fp, ",") != strings.Join(fingerprints(t, after), ",") {
		t.Errorf("fingerprints changed with the line numbers:\n%s\n%s", before, after)
	}
}

func fingerprints(t *testing.T, data []byte) []string {
	t.Helper()
	var issues []struct {
		Fingerprint string `json:"fingerprint"`
	}
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, is := range issues {
		out = append(out, is.Fingerprint)
	}
	return out
}

func TestRDJSONShape(t *testing.T) {
	type pos struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	type rng struct {
		Start pos  `json:"start"`
		End   *pos `json:"end"`
	}
	var res struct {
		Source struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"source"`
		Diagnostics []struct {
			Message  string `json:"message"`
			Location struct {
				Path  string `json:"path"`
				Range rng    `json:"range"`
			} `json:"location"`
			Severity string `json:"severity"`
			Code     struct {
				Value string `json:"value"`
				URL   string `json:"url"`
			} `json:"code"`
			Suggestions []struct {
				Range rng    `json:"range"`
				Text  string `json:"text"`
			} `json:"suggestions"`
		} `json:"diagnostics"`
	}
	dec := json.NewDecoder(bytes.NewReader(render(t, report.RDJSON, reporttest.Run())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		t.Fatal(err)
	}
	suggestions := 0
	for _, d := range res.Diagnostics {
		switch d.Severity {
		case "ERROR", "WARNING", "INFO":
		default:
			t.Errorf("severity %q is not reviewdog's", d.Severity)
		}
		suggestions += len(d.Suggestions)
	}
	if suggestions != 5 {
		t.Errorf("want a suggestion per fix (5), got %d", suggestions)
	}
}

func TestJSONLinesOneObjectPerLine(t *testing.T) {
	out := render(t, report.JSONLines, hostileRun())
	sc := bufio.NewScanner(bytes.NewReader(out))
	n := 0
	for sc.Scan() {
		n++
		if !json.Valid(sc.Bytes()) {
			t.Errorf("line %d is not JSON: %s", n, sc.Bytes())
		}
	}
	if n != len(hostileRun().Findings) {
		t.Errorf("want %d lines, got %d", len(hostileRun().Findings), n)
	}
}

// TestGitHubEscaping: a message or path that holds a newline, %, : or ,
// stays inside its one workflow command.
func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, report.GitHub, hostileRun()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(hostileRun().Findings) {
		t.Fatalf("want one command per finding, got:\n%s", out)
	}
	want := "::error file=odd%2Cname%3A%25.Dockerfile,line=1,col=1,endLine=1,endColumn=5,title=BA401 remote-script-to-shell::100%25 bad%0D%0A::error::injected"
	if !strings.Contains(out, want) {
		t.Errorf("want\n%s\nin\n%s", want, out)
	}
}

// hostileRun is the fixture run with a finding whose path and message
// carry the characters each format must escape.
func hostileRun() *report.Run {
	run := reporttest.Run()
	path := reporttest.Root + "/odd,name:%.Dockerfile"
	src := "FROM <x> & \"y\" 'z'\n"
	run.Sources[path] = []byte(src)
	run.Findings = append(run.Findings, lint.Finding{
		Rule: run.Findings[0].Rule, Severity: lint.Error, File: path,
		Start:   token.Position{Filename: path, Line: 1, Column: 1, Offset: 0},
		End:     token.Position{Filename: path, Line: 1, Column: 5, Offset: 4},
		Message: "100% bad\r\n::error::injected <tag> & \"quote\" \x01",
	})
	return run
}
