package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ballast-dev/ballast/sarif/sariftest"
)

// action is the part of action.yml the test reads.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// TestAction runs the composite action's shell steps as a runner would
// (setup-go and upload-sarif are GitHub's and are only checked to be
// there): the build from the action's own folder, the check writing SARIF
// from a subfolder's repository, the exit code to the last step.
func TestAction(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ballast")
	}
	repoRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using %q", a.Runs.Using)
	}
	uses := map[string]bool{}
	for _, s := range a.Runs.Steps {
		uses[strings.Split(s.Uses, "@")[0]] = true
	}
	for _, want := range []string{"actions/setup-go", "github/codeql-action/upload-sarif"} {
		if !uses[want] {
			t.Errorf("no step uses %s", want)
		}
	}

	workspace := githubRepo(t)
	runnerTemp := t.TempDir()
	output := filepath.Join(runnerTemp, "github_output")
	inputs := map[string]string{}
	for name, in := range a.Inputs {
		inputs[name] = in.Default
	}
	inputs["paths"] = "sub"
	inputs["category"] = "docker"
	inputs["args"] = "--extend-select DL3004"
	expr := func(v string) string {
		// The expressions the steps' env use.
		for name, val := range inputs {
			v = strings.ReplaceAll(v, "${{ inputs."+name+" }}", val)
		}
		v = strings.ReplaceAll(v, "${{ github.action_ref }}", "v9.9.9-test")
		if out, err := os.ReadFile(output); err == nil {
			for line := range strings.SplitSeq(string(out), "\n") {
				if k, val, ok := strings.Cut(line, "="); ok {
					v = strings.ReplaceAll(v, "${{ steps.check.outputs."+k+" }}", val)
				}
			}
		}
		return v
	}
	step := func(name string) (string, error) {
		for _, s := range a.Runs.Steps {
			if s.Name != name {
				continue
			}
			cmd := exec.Command("bash", "-c", s.Run)
			cmd.Dir = workspace
			cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+repoRoot, "RUNNER_TEMP="+runnerTemp, "GITHUB_OUTPUT="+output)
			for k, v := range s.Env {
				cmd.Env = append(cmd.Env, k+"="+expr(v))
			}
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		t.Fatalf("no step %q", name)
		return "", nil
	}
	if out, err := step("Build ballast"); err != nil || !strings.Contains(out, "ballast v9.9.9-test") {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if out, err := step("Run ballast"); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	doc, err := os.ReadFile(filepath.Join(workspace, inputs["sarif-file"]))
	if err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, doc)
	var log githubLog
	if err := json.Unmarshal(doc, &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0]
	if r.AutomationDetails.ID != "docker/" || r.Tool.Driver.Version != "v9.9.9-test" || r.Tool.Driver.SemanticVersion != "9.9.9-test" {
		t.Errorf("automationDetails %q, version %q %q", r.AutomationDetails.ID, r.Tool.Driver.Version, r.Tool.Driver.SemanticVersion)
	}
	if len(r.Results) == 0 || r.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "sub/Dockerfile" {
		t.Errorf("results %+v", r.Results)
	}
	// DL3004 is an error: the last step fails with fail-on error, not with none.
	if out, err := step("Fail on findings"); err == nil || !strings.Contains(out, "::error::") {
		t.Errorf("fail-on error: %v\n%s", err, out)
	}
	inputs["fail-on"] = "none"
	if out, err := step("Fail on findings"); err != nil {
		t.Errorf("fail-on none: %v\n%s", err, out)
	}
}
