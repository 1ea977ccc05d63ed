package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommit runs both hooks of .pre-commit-hooks.yaml through the real
// pre-commit (Debian's package in CI) in a scratch git repository: the
// golang hook builds ballast from a snapshot of this source tree with
// `go install ./...`, offline (GOPROXY=off, the module cache .ci/run
// filled), the system hook runs a ballast this test builds.
func TestPreCommit(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but pre-commit is not on PATH (.ci/run installs Debian's pre-commit)")
		}
		t.Skip("pre-commit not on PATH (apt-get install pre-commit): hooks not tested")
	}
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skip("-short: pre-commit hooks not tested")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	goEnv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	env := append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GOMODCACHE="+goEnv("GOMODCACHE"), "GOCACHE="+goEnv("GOCACHE"),
		"GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=",
		"GIT_AUTHOR_NAME=ballast", "GIT_AUTHOR_EMAIL=ballast@example.com",
		"GIT_COMMITTER_NAME=ballast", "GIT_COMMITTER_EMAIL=ballast@example.com",
		"NO_COLOR=1",
	)
	run := func(dir string, name string, args ...string) (string, int) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			if ee, ok := errors.AsType[*exec.ExitError](err); ok {
				return string(out), ee.ExitCode()
			}
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		return string(out), 0
	}
	mustRun := func(dir string, name string, args ...string) string {
		out, code := run(dir, name, args...)
		if code != 0 {
			t.Fatalf("%s %s: exit %d\n%s", name, strings.Join(args, " "), code, out)
		}
		return out
	}
	if out, code := run(".", "go", "build", "-o", filepath.Join(bin, "ballast"), "."); code != 0 {
		t.Fatalf("go build: %s", out)
	}

	// The hooks' repository: this source tree as it is, committed.
	hooks := filepath.Join(tmp, "hooks")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	files := mustRun(root, "git", "ls-files", "-co", "--exclude-standard")
	for f := range strings.FieldsSeq(files) {
		if strings.HasPrefix(f, "testdata/") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(hooks, f), string(b))
	}
	mustRun(hooks, "git", "init", "-q")
	mustRun(hooks, "git", "add", "-A")
	mustRun(hooks, "git", "commit", "-qm", "snapshot")
	rev := strings.TrimSpace(mustRun(hooks, "git", "rev-parse", "HEAD"))

	// The project the hooks check.
	proj := filepath.Join(tmp, "project")
	writeFile(t, filepath.Join(proj, ".pre-commit-config.yaml"), readmeHookConfig(t, hooks, rev))
	clean := "FROM python:3.12-slim\nUSER nobody\nCMD [\"python\", \"-V\"]\n"
	writeFile(t, filepath.Join(proj, "web", "Dockerfile"), clean)
	writeFile(t, filepath.Join(proj, "web", "Dockerfile-cuda"), clean)
	writeFile(t, filepath.Join(proj, "tools", "dockerfile.go"), "package tools\n")
	writeFile(t, filepath.Join(proj, "poetry", "pyproject.toml"), "[tool.poetry]\nname = \"x\"\n")
	mustRun(proj, "git", "init", "-q")
	mustRun(proj, "git", "add", "-A")
	mustRun(proj, "git", "commit", "-qm", "clean")

	for _, hook := range []string{"ballast", "ballast-system"} {
		out, code := run(proj, "pre-commit", "run", hook, "--all-files")
		if code != 0 || !strings.Contains(out, "Passed") {
			t.Fatalf("%s on clean files: exit %d, want 0 and Passed\n%s", hook, code, out)
		}
	}

	// Findings: a Dockerfile with one, and an app whose uv.lock is older
	// than its pyproject.toml and whose Dockerfile's Python the lock
	// excludes.
	writeFile(t, filepath.Join(proj, "web", "Dockerfile_amd"), "FROM python:latest\nUSER nobody\n")
	writeFile(t, filepath.Join(proj, "app", "Dockerfile"), "FROM python:3.11-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev\nUSER nobody\n")
	writeFile(t, filepath.Join(proj, "app", "uv.lock"), "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [{ name = \"requests\" }]\n\n[package.metadata]\nrequires-dist = [{ name = \"requests\" }]\n")
	writeFile(t, filepath.Join(proj, "app", "pyproject.toml"), "[project]\nname = \"app\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\"httpx\"]\n")
	mustRun(proj, "git", "add", "-A")
	for _, hook := range []string{"ballast", "ballast-system"} {
		out, code := run(proj, "pre-commit", "run", hook, "--all-files")
		if code != 1 || !strings.Contains(out, "- exit code: 1") {
			t.Fatalf("%s on findings: exit %d, want 1 and ballast's exit code 1\n%s", hook, code, out)
		}
		for _, want := range []string{
			"web/Dockerfile_amd:1:13: DL3007",
			"app/Dockerfile:1:6: BA203",
			"app/pyproject.toml:5:17: BA205",
		} {
			if strings.Count(out, want) != 1 {
				t.Errorf("%s: want %q once in\n%s", hook, want, out)
			}
		}
		if strings.Contains(out, "dockerfile.go") || strings.Contains(out, "unknown instruction") {
			t.Errorf("%s: a file that is no Dockerfile was linted:\n%s", hook, out)
		}
		// A commit that changes only the lock still meets the rules
		// that compare it with the Dockerfile that installs it.
		out, code = run(proj, "pre-commit", "run", hook, "--files", "app/uv.lock")
		if code != 1 || strings.Count(out, "app/Dockerfile:1:6: BA203") != 1 {
			t.Errorf("%s --files app/uv.lock: exit %d, want 1 and BA203 on app/Dockerfile\n%s", hook, code, out)
		}
	}
}

// readmeHookConfig returns the .pre-commit-config.yaml of README.md's
// pre-commit section, pointed at repo and rev, with both hooks on.
func readmeHookConfig(t *testing.T, repo, rev string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(b), "\n## pre-commit\n")
	_, block, ok := strings.Cut(section, "```yaml\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README.md's pre-commit section has no ```yaml example")
	}
	r := strings.NewReplacer(
		"https://github.com/ballast-dev/ballast", repo,
		"<tag or commit>", rev,
		"# - id: ballast-system", "- id: ballast-system",
	)
	config := r.Replace(block)
	if !strings.Contains(config, rev) || !strings.Contains(config, "- id: ballast-system") {
		t.Fatalf("README.md's pre-commit example is not the expected shape:\n%s", block)
	}
	return config
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
