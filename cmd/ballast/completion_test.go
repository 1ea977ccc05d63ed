package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shell returns the path of a shell the completion tests run, skipping
// when it is missing, except in CI, which installs them (.ci/run).
func shell(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed: .ci/run installs it", name)
		}
		t.Skipf("%s not installed", name)
	}
	return path
}

func completionScript(t *testing.T, sh string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"completion", sh}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("completion %s: exit %d: %s", sh, code, stderr.String())
	}
	path := filepath.Join(t.TempDir(), "ballast."+sh)
	if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runShell(t *testing.T, sh string, args ...string) string {
	t.Helper()
	cmd := exec.Command(sh, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+cmd.Dir, "XDG_CONFIG_HOME="+cmd.Dir, "XDG_DATA_HOME="+cmd.Dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", sh, args, err, out)
	}
	return string(out)
}

func TestCompletionBash(t *testing.T) {
	sh := shell(t, "bash")
	script := completionScript(t, "bash")
	runShell(t, sh, "-n", script)
	for _, c := range []struct {
		words string
		want  []string
		not   string
	}{
		{"ballast chec", []string{"check"}, "cost"},
		{"ballast --form", []string{"--format"}, ""},
		{"ballast check --format gi", []string{"github", "gitlab"}, "json"},
		{"ballast --output-format hadolint", []string{"hadolint-json"}, ""},
		{"ballast check --select DL3008,DL300", []string{"DL3008,DL3000", "DL3008,DL3009"}, "BK001"},
		{"ballast explain BK00", []string{"BK001", "BK009"}, "DL3008"},
		{"ballast cost --fo", []string{"--format"}, "--fix"},
		{"ballast doc", []string{"doctor"}, "check"},
		{"ballast doctor --ti", []string{"--timeout"}, "--fix"},
		{"ballast doctor --format ", []string{"text", "json"}, "sarif"},
		{"ballast completion z", []string{"zsh"}, "bash"},
	} {
		words := strings.Fields(c.words)
		if strings.HasSuffix(c.words, " ") {
			words = append(words, "")
		}
		src := "source " + script + "\nCOMP_WORDS=(" + strings.Join(words, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_ballast\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		got := runShell(t, sh, "-c", src)
		for _, w := range c.want {
			if !strings.Contains("\n"+got, "\n"+w+"\n") {
				t.Errorf("%q: want %s among\n%s", c.words, w, got)
			}
		}
		if c.not != "" && strings.Contains("\n"+got, "\n"+c.not+"\n") {
			t.Errorf("%q: %s offered:\n%s", c.words, c.not, got)
		}
	}
}

func TestCompletionZsh(t *testing.T) {
	sh := shell(t, "zsh")
	script := completionScript(t, "zsh")
	runShell(t, sh, "-n", script)
	got := runShell(t, sh, "-f", "-c", "autoload -U compinit && compinit -u -D && source "+script+" && print -r -- $_comps[ballast]")
	if strings.TrimSpace(got) != "_ballast" {
		t.Errorf("zsh: ballast completes with %q, want _ballast", got)
	}
}

func TestCompletionFish(t *testing.T) {
	sh := shell(t, "fish")
	script := completionScript(t, "fish")
	runShell(t, sh, "-n", script)
	for _, c := range []struct {
		line string
		want []string
		not  string
	}{
		{"ballast ch", []string{"check"}, ""},
		{"ballast --form", []string{"--format"}, ""},
		{"ballast check --format gi", []string{"github", "gitlab"}, "json"},
		{"ballast explain BK00", []string{"BK001"}, "DL3008"},
		{"ballast cost --fo", []string{"--format"}, "--fix"},
		{"ballast doctor --ti", []string{"--timeout"}, "--fix"},
	} {
		got := runShell(t, sh, "--no-config", "-c", "source "+script+"; complete -C '"+c.line+"'")
		var words []string
		for line := range strings.SplitSeq(got, "\n") {
			w, _, _ := strings.Cut(line, "\t")
			words = append(words, w)
		}
		for _, w := range c.want {
			if !strings.Contains(strings.Join(words, "\n")+"\n", w+"\n") {
				t.Errorf("%q: want %s among\n%s", c.line, w, got)
			}
		}
		if c.not != "" && strings.Contains("\n"+strings.Join(words, "\n")+"\n", "\n"+c.not+"\n") {
			t.Errorf("%q: %s offered:\n%s", c.line, c.not, got)
		}
	}
}
