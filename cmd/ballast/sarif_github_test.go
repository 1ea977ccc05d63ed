package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/sarif"
	"github.com/ballast-dev/ballast/sarif/sariftest"
)

// githubLog is what GitHub code scanning reads of a SARIF upload.
type githubLog struct {
	Runs []struct {
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Tool struct {
			Driver struct {
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID              string `json:"id"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
					HelpURI string `json:"helpUri"`
					Help    struct {
						Markdown string `json:"markdown"`
					} `json:"help"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

// securityRules are the rules GitHub must show as security alerts.
var securityRules = []string{"DL3064", "BK016", "DL3002", "DL3026", "DL3004", "BA401", "BA113"}

// githubRepo writes a repository whose Dockerfile sits in sub/, with a
// symlink to it beside it, and returns the repository's folder.
func githubRepo(t *testing.T) string {
	t.Helper()
	repo := t.TempDir()
	sub := filepath.Join(repo, "sub")
	for _, d := range []string{filepath.Join(repo, ".git"), sub} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	df := "FROM python:latest\nARG API_TOKEN=hunter2\nRUN sudo apt-get update\nUSER root\n"
	if err := os.WriteFile(filepath.Join(sub, "Dockerfile"), []byte(df), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("Dockerfile", filepath.Join(sub, "link.Dockerfile")); err != nil {
		t.Fatal(err)
	}
	return repo
}

func githubRun(t *testing.T, args ...string) (*githubLog, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	sariftest.Validate(t, stdout.Bytes())
	var log githubLog
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	return &log, stderr.String()
}

// TestSARIFForGitHub checks, on real output, what GitHub code scanning
// reads: every selected rule listed, plain-text descriptions, links that
// exist, security metadata, URIs from the repository root whatever the
// current folder, one report per file behind symlinks, ballast's own
// fingerprint key, the category.
func TestSARIFForGitHub(t *testing.T) {
	repo := githubRepo(t)
	t.Chdir(filepath.Join(repo, "sub"))
	log, _ := githubRun(t, "check", "--format", "sarif", "--extend-select", "DL3004,BA401,BA113", "--sarif-category", "docker/sub", ".")
	r := log.Runs[0]

	sel, err := lint.NewSelection(rules.All(), lint.Choice{ExtendSelect: []string{"DL3004", "BA401", "BA113"}})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for i, d := range r.Tool.Driver.Rules {
		listed[d.ID] = i
	}
	for _, want := range sel.Enabled() {
		if _, ok := listed[want.Code]; !ok {
			t.Errorf("selected rule %s is not listed", want.Code)
		}
	}
	if len(listed) != len(sel.Enabled()) {
		t.Errorf("%d rules listed, %d selected", len(listed), len(sel.Enabled()))
	}
	if _, ok := listed["DL3008"]; ok {
		t.Error("DL3008 (pedantic, not selected) is listed")
	}

	for _, d := range r.Tool.Driver.Rules {
		if txt := d.FullDescription.Text; txt == "" || strings.ContainsAny(txt, "`\n*") || strings.HasPrefix(txt, "#") || strings.Contains(txt, "](") {
			t.Errorf("%s: fullDescription is not plain text: %q", d.ID, txt)
		}
		if !strings.Contains(d.Help.Markdown, d.HelpURI) || !strings.Contains(d.Help.Markdown, "](https://") {
			t.Errorf("%s: help.markdown lacks its link", d.ID)
		}
		if p := d.Properties["precision"]; p != "high" && p != "medium" && p != "low" && p != "very-high" {
			t.Errorf("%s: precision %v", d.ID, p)
		}
		if s := d.Properties["problem.severity"]; s != "error" && s != "warning" && s != "recommendation" {
			t.Errorf("%s: problem.severity %v", d.ID, s)
		}
	}
	for _, code := range securityRules {
		i, ok := listed[code]
		if !ok {
			t.Errorf("security rule %s not listed", code)
			continue
		}
		d := r.Tool.Driver.Rules[i]
		tags, _ := d.Properties["tags"].([]any)
		hasTag := false
		for _, tag := range tags {
			hasTag = hasTag || tag == "security"
		}
		s, _ := d.Properties["security-severity"].(string)
		v, err := strconv.ParseFloat(s, 64)
		if !hasTag || err != nil || v <= 0 || v > 10 {
			t.Errorf("%s: tags %v, security-severity %q: want the security tag and a number in (0, 10]", code, tags, s)
		}
	}

	if got := r.AutomationDetails.ID; got != "docker/sub/" {
		t.Errorf("automationDetails.id %q, want docker/sub/", got)
	}
	if r.Tool.Driver.Version != Version() {
		t.Errorf("version %q, want %q", r.Tool.Driver.Version, Version())
	}

	fired := map[string]bool{}
	for i, res := range r.Results {
		fired[res.RuleID] = true
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != "sub/Dockerfile" || loc.URIBaseID != sarif.SrcRoot {
			t.Errorf("result %d (%s): uri %q base %q, want sub/Dockerfile from %s", i, res.RuleID, loc.URI, loc.URIBaseID, sarif.SrcRoot)
		}
		if res.PartialFingerprints[sarif.FingerprintKey] == "" || res.PartialFingerprints["primaryLocationLineHash"] != "" {
			t.Errorf("result %d: fingerprints %v, want only %s", i, res.PartialFingerprints, sarif.FingerprintKey)
		}
	}
	for _, code := range []string{"DL3007", "DL3064", "DL3004", "DL3002"} {
		if !fired[code] {
			t.Errorf("%s did not fire", code)
		}
	}
	// The file and its symlink are one file: each finding once.
	perRule := map[string]int{}
	for _, res := range r.Results {
		perRule[res.RuleID]++
	}
	if perRule["DL3007"] != 1 {
		t.Errorf("DL3007 reported %d times, want once", perRule["DL3007"])
	}
}

// TestSARIFRoot: --root names the folder URIs are relative to, and
// without a git repository the current folder is the root.
func TestSARIFRoot(t *testing.T) {
	repo := githubRepo(t)
	t.Chdir(filepath.Join(repo, "sub"))
	log, _ := githubRun(t, "check", "--format", "sarif", "--root", ".", "Dockerfile")
	if uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "Dockerfile" {
		t.Errorf("--root .: uri %q, want Dockerfile", uri)
	}
	if err := os.Remove(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	log, _ = githubRun(t, "check", "--format", "sarif", "Dockerfile")
	if uri := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "Dockerfile" {
		t.Errorf("no repository: uri %q, want Dockerfile", uri)
	}
	var stderr bytes.Buffer
	if code := run([]string{"check", "--format", "sarif", "--root", "nowhere", "Dockerfile"}, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != exitError || !strings.Contains(stderr.String(), "--root") {
		t.Errorf("--root nowhere: exit %d, stderr %q", code, stderr.String())
	}
}
