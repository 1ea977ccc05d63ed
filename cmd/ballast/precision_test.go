package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// judged is one finding of the default rule set on the corpus, drawn at
// random and judged by a reader: worth acting on, wrong, or true but not
// worth the user's time (noise), and whether the default rule set reports it
// today.
type judged struct {
	line     int // of the fixture
	sample   string
	code     string
	src      string // dockerfiles/NAME, uvlock/NAME.Dockerfile, or that plus ":uv.lock"
	at       int
	verdict  string
	reported bool
	reason   string
}

// TestPrecisionSample holds the default rule set to the judged samples in
// testdata/precision/judged.tsv: a finding judged wrong or noise that comes
// back, or one judged worth acting on that goes away, fails until the
// fixture is judged again. It also states the sample's precision.
func TestPrecisionSample(t *testing.T) {
	rows := readJudged(t, filepath.Join("..", "..", "testdata", "precision", "judged.tsv"))
	corpus := shared(t, "corpus")
	got := map[string][]reportedFinding{}
	for _, r := range rows {
		unit, _, _ := strings.Cut(r.src, ":")
		if _, ok := got[unit]; !ok {
			got[unit] = defaultFindings(t, corpus, unit)
		}
		now := slices.ContainsFunc(got[unit], func(f reportedFinding) bool { return f.matches(r) })
		if now != r.reported {
			t.Errorf("judged.tsv:%d: %s %s:%d (%s: %s): reported=%v, the fixture says %v",
				r.line, r.code, r.src, r.at, r.verdict, r.reason, now, r.reported)
		}
	}
	for _, sample := range []string{"before", "after"} {
		counts := map[string]int{}
		for _, r := range rows {
			if r.sample == sample && r.reported {
				counts[r.verdict]++
			}
		}
		total := counts["worth"] + counts["wrong"] + counts["noise"]
		if total > 0 {
			t.Logf("%s sample: %d reported findings judged: %d worth acting on, %d wrong, %d not worth the time: precision %.0f%%",
				sample, total, counts["worth"], counts["wrong"], counts["noise"], 100*float64(counts["worth"])/float64(total))
		}
	}
}

// readJudged reads the fixture: tab-separated sample, code, src, line,
// verdict, reported|silent, reason; '#' starts a comment line.
func readJudged(t *testing.T, path string) []judged {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rows []judged
	for n, text := range strings.Split(string(data), "\n") {
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 7 {
			t.Fatalf("%s:%d: want 7 tab-separated columns, got %d", path, n+1, len(cols))
		}
		at, err := strconv.Atoi(cols[3])
		if err != nil || !slices.Contains([]string{"worth", "wrong", "noise"}, cols[4]) || !slices.Contains([]string{"reported", "silent"}, cols[5]) {
			t.Fatalf("%s:%d: bad row %q", path, n+1, text)
		}
		rows = append(rows, judged{line: n + 1, sample: cols[0], code: cols[1], src: cols[2], at: at, verdict: cols[4], reported: cols[5] == "reported", reason: cols[6]})
	}
	if len(rows) < 150 {
		t.Fatalf("%s: %d judged findings, want a sample of at least 150", path, len(rows))
	}
	return rows
}

type reportedFinding struct {
	Code    string   `json:"code"`
	Aliases []string `json:"aliases"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
}

// matches reports whether the finding is the judged one: its code or one of
// its aliases, in the same file, on the same line.
func (f reportedFinding) matches(r judged) bool {
	return filepath.Base(f.File) == r.file() && f.Line == r.at && (f.Code == r.code || slices.Contains(f.Aliases, r.code))
}

// file is the base name the finding's file has in the report: the corpus
// Dockerfile's own, or Dockerfile, uv.lock, pyproject.toml in a uv project.
func (r judged) file() string {
	unit, companion, ok := strings.Cut(r.src, ":")
	switch {
	case ok:
		return companion
	case strings.HasPrefix(unit, "uvlock/"):
		return "Dockerfile"
	}
	return filepath.Base(unit)
}

var numberedCopy = regexp.MustCompile(`__[0-9]$`)

// defaultFindings runs the default rule set on one unit of the corpus as a
// user would: a Dockerfile alone, or a uv.lock project's Dockerfile with its
// lock and pyproject.toml beside it.
func defaultFindings(t *testing.T, corpus, unit string) []reportedFinding {
	t.Helper()
	path := filepath.Join(corpus, unit)
	if dir, name, _ := strings.Cut(unit, "/"); dir == "uvlock" {
		stem := filepath.Join(corpus, "uvlock", numberedCopy.ReplaceAllString(strings.TrimSuffix(name, ".Dockerfile"), ""))
		ctx := t.TempDir()
		copyFile(t, path, filepath.Join(ctx, "Dockerfile"))
		for _, companion := range []string{"uv.lock", "pyproject.toml"} {
			if _, err := os.Stat(stem + "." + companion); err == nil {
				copyFile(t, stem+"."+companion, filepath.Join(ctx, companion))
			}
		}
		path = filepath.Join(ctx, "Dockerfile")
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--format", "json", path}, strings.NewReader(""), &stdout, &stderr); code == exitError {
		t.Fatalf("%s: exit 2: %s", unit, stderr.String())
	}
	var out struct {
		Diagnostics []reportedFinding `json:"diagnostics"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", unit, err))
	}
	return out.Diagnostics
}
