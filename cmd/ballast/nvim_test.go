//go:build unix

package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// nvimDiagnostic is a diagnostic as Neovim's vim.diagnostic holds it:
// lines and columns 0-based, the end column exclusive, severity 1 (error)
// to 4 (hint).
type nvimDiagnostic struct {
	Code     string `json:"code"`
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	EndLnum  int    `json:"end_lnum"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"`
	Message  string `json:"message"`
}

type nvimCodeAction struct {
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Preferred bool   `json:"preferred"`
}

// nvimSession is what testdata/nvim/lsp_code_action.lua saw.
type nvimSession struct {
	Nvim        string           `json:"nvim"`
	Recipe      string           `json:"recipe"`
	Steps       []string         `json:"steps"`
	Error       string           `json:"error"`
	Opened      []nvimDiagnostic `json:"opened"`
	Actions     []nvimCodeAction `json:"actions"`
	Applied     string           `json:"applied"`
	AfterChange []nvimDiagnostic `json:"after_change"`
	Hover       string           `json:"hover"`
	Buffer      []string         `json:"buffer"`
}

// TestNeovimLSP is `ballast lsp` in a real editor: Debian's Neovim
// (headless, no user configuration) opens a Dockerfile, receives the
// diagnostics, applies the safe fix as a code action, gets the re-checked
// diagnostics of the changed buffer and writes the file, which the test
// reads back from disk.
func TestNeovimLSP(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but nvim is not on PATH (.ci/run installs Debian's neovim)")
		}
		t.Skip("nvim not on PATH (apt-get install neovim): the language server is not tested in an editor")
	}
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "lsp_code_action.lua"))
	if err != nil {
		t.Fatal(err)
	}

	tmp := t.TempDir()
	home := filepath.Join(tmp, "home")
	bin := filepath.Join(tmp, "bin")
	// Neovim percent-encodes the space and the é in the document's URI.
	project := filepath.Join(tmp, "my project é")
	dockerfile := filepath.Join(project, "Dockerfile")
	resultPath := filepath.Join(tmp, "session.json")
	exitPath := filepath.Join(tmp, "server-exit")
	// DL3014 has a safe fix, DL3015 an unsafe one, on the same span. The
	// emoji and the é before it are 4+2 bytes but 2+1 UTF-16 units: the
	// protocol's columns and Neovim's byte columns differ.
	writeFile(t, dockerfile, "FROM debian:bookworm-slim\nRUN echo \"😀 café\" && apt-get install curl\nUSER nobody\n")
	writeFile(t, filepath.Join(home, ".keep"), "")
	recipe := filepath.Join(tmp, "recipe.lua")
	writeFile(t, recipe, readmeLua(t, "Neovim 0.7 to 0.10"))
	recipe011 := filepath.Join(tmp, "recipe-0.11.lua")
	writeFile(t, recipe011, readmeLua(t, "Neovim 0.11+:"))
	writeFile(t, filepath.Join(bin, "ballast"), ballastScript(t, exitPath))
	if err := os.Chmod(filepath.Join(bin, "ballast"), 0o755); err != nil {
		t.Fatal(err)
	}

	// A hung editor fails the test instead of hanging it: the deadline is
	// the test's own, not a measure of speed.
	deadline := time.Now().Add(2 * time.Minute)
	if d, ok := t.Deadline(); ok && d.Add(-5*time.Second).Before(deadline) {
		deadline = d.Add(-5 * time.Second)
	}
	ctx, cancel := context.WithDeadline(t.Context(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-n", "-c", "luafile "+script)
	cmd.Dir = project
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(),
		// The recipes run `ballast`: this test's binary, through bin.
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		// Neovim's logs (lsp.log holds the server's stderr) stay in the
		// test's directory.
		"HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home,
		"XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home,
		"BALLAST_NVIM_RECIPE="+recipe,
		"BALLAST_NVIM_RECIPE_011="+recipe011,
		"BALLAST_NVIM_DOCKERFILE="+dockerfile,
		"BALLAST_NVIM_RESULT="+resultPath,
		"BALLAST_NVIM_FIX_CODE=DL3014",
		"BALLAST_NVIM_TIMEOUT_MS=10000",
	)
	out, runErr := cmd.CombinedOutput()
	var session nvimSession
	b, readErr := os.ReadFile(resultPath)
	if readErr == nil {
		readErr = json.Unmarshal(b, &session)
	}
	if runErr != nil || readErr != nil || session.Error != "" {
		lspLog, _ := os.ReadFile(filepath.Join(home, "nvim", "lsp.log"))
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Errorf("nvim did not finish before the test's deadline")
		}
		t.Fatalf("nvim: %v\nsession (%v): %+v\noutput:\n%s\nlsp.log:\n%s", runErr, readErr, session, out, lspLog)
	}
	t.Logf("Neovim %s, README.md's recipe for %s", session.Nvim, session.Recipe)

	const (
		dl3014 = "apt-get install without -y stops at a confirmation prompt the build cannot answer"
		dl3015 = "apt-get install without --no-install-recommends also installs recommended packages"
	)
	// Both span `apt-get install` on line 2: bytes 25 to 40.
	wantOpened := []nvimDiagnostic{
		{Code: "DL3014", Lnum: 1, Col: 25, EndLnum: 1, EndCol: 40, Severity: 2, Message: dl3014},
		{Code: "DL3015", Lnum: 1, Col: 25, EndLnum: 1, EndCol: 40, Severity: 3, Message: dl3015},
	}
	if !reflect.DeepEqual(session.Opened, wantOpened) {
		t.Errorf("diagnostics on open:\n got %+v\nwant %+v", session.Opened, wantOpened)
	}
	wantActions := []nvimCodeAction{
		{Title: "DL3014: Add -y", Kind: "quickfix", Preferred: true},
		{Title: "DL3015: Add --no-install-recommends (unsafe)", Kind: "quickfix.unsafe"},
	}
	if !reflect.DeepEqual(session.Actions, wantActions) {
		t.Errorf("code actions:\n got %+v\nwant %+v", session.Actions, wantActions)
	}
	if session.Applied != "DL3014: Add -y" {
		t.Errorf("applied %q, want the safe DL3014 fix", session.Applied)
	}
	wantAfter := wantOpened[1:]
	if !reflect.DeepEqual(session.AfterChange, wantAfter) {
		t.Errorf("diagnostics after the fix's didChange:\n got %+v\nwant %+v", session.AfterChange, wantAfter)
	}
	if !strings.HasPrefix(session.Hover, "**DL3015** "+dl3015+"\n\n") || !strings.Contains(session.Hover, "## Fix safety") {
		t.Errorf("hover on DL3015 is not its finding and rule doc:\n%s", session.Hover)
	}
	const fixed = "FROM debian:bookworm-slim\nRUN echo \"😀 café\" && apt-get install -y curl\nUSER nobody\n"
	if got := strings.Join(session.Buffer, "\n") + "\n"; got != fixed {
		t.Errorf("buffer after the fix:\n%s\nwant:\n%s", got, fixed)
	}
	disk, err := os.ReadFile(dockerfile)
	if err != nil {
		t.Fatal(err)
	}
	if string(disk) != fixed {
		t.Errorf("Dockerfile written by :write:\n%s\nwant:\n%s", disk, fixed)
	}
	if code, err := os.ReadFile(exitPath); err != nil || string(code) != "0\n" {
		t.Errorf("ballast lsp's exit status after shutdown and exit: %q (%v), want 0", code, err)
	}
}

// ballastScript is a `ballast` for an editor to start: this test binary
// running TestBallastHelper with the script's arguments, writing its exit
// status to exitPath.
func ballastScript(t *testing.T, exitPath string) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{self, exitPath} {
		if strings.ContainsAny(p, "'\n") {
			t.Skipf("path %q cannot be quoted for sh", p)
		}
	}
	return "#!/bin/sh\n" +
		ballastEnv + "=$(printf '%s\\n' \"$@\") '" + self + "' '-test.run=^TestBallastHelper$'\n" +
		"status=$?\n" +
		"echo \"$status\" > '" + exitPath + "'\n" +
		"exit \"$status\"\n"
}

// readmeLua returns the first ```lua block of README.md after marker.
func readmeLua(t *testing.T, marker string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), marker)
	_, rest, ok2 := strings.Cut(rest, "```lua\n")
	block, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatalf("README.md has no ```lua block after %q", marker)
	}
	return block
}
