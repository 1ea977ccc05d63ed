//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hangGuard is how long a case may take before it counts as hung: ballast
// answers these in milliseconds, and a blocked open never returns.
const hangGuard = 20 * time.Second

// runGuarded runs ballast in-process and fails the test if it does not
// return: a FIFO opened for reading blocks forever.
func runGuarded(t *testing.T, args []string, stdin io.Reader) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(args, stdin, &out, &errb) }()
	select {
	case code = <-done:
	case <-time.After(hangGuard):
		t.Fatalf("ballast %s did not return: it blocked on its input", strings.Join(args, " "))
	}
	return code, out.String(), errb.String()
}

// TestHostileInputFiles: a FIFO, a device or a link to one where ballast
// expects a Dockerfile, a lock, a .dockerignore or a configuration file is
// one clear error naming the path, exit 2, and never a hang or an
// unbounded read.
func TestHostileInputFiles(t *testing.T) {
	const dockerfile = "FROM python:3.12-slim\nCOPY uv.lock ./\nRUN uv sync --locked\n"
	tests := []struct {
		name string
		fifo string // a FIFO made at this path
		zero string // a link to /dev/zero made at this path
		args []string
		want string
	}{
		{"fifo-dockerfile", "Dockerfile", "", []string{"check", "Dockerfile"}, "Dockerfile: is a named pipe, not a regular file"},
		{"fifo-lock", "uv.lock", "", []string{"check", "Dockerfile"}, "uv.lock: is a named pipe, not a regular file"},
		{"fifo-lock-alone", "uv.lock", "", []string{"cost", "uv.lock"}, "uv.lock: is a named pipe, not a regular file"},
		{"fifo-dockerignore", ".dockerignore", "", []string{"check", "Dockerfile"}, ".dockerignore: is a named pipe, not a regular file"},
		{"fifo-config", "ballast.toml", "", []string{"check", "--config", "ballast.toml", "Dockerfile"}, "ballast.toml: is a named pipe, not a regular file"},
		{"fifo-found-config", ".ballast.toml", "", []string{"check", "Dockerfile"}, ".ballast.toml: is a named pipe, not a regular file"},
		{"dev-zero-dockerfile", "", "", []string{"check", "/dev/zero"}, "/dev/zero: is a device, not a regular file"},
		{"dev-zero-config", "", "", []string{"check", "--config", "/dev/zero", "Dockerfile"}, "/dev/zero: is a device, not a regular file"},
		{"link-to-dev-zero", "", "uv.lock", []string{"check", "Dockerfile"}, "uv.lock: is a device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if tt.fifo != "Dockerfile" {
				if err := os.WriteFile("Dockerfile", []byte(dockerfile), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.fifo != "" {
				mkfifo(t, filepath.Join(dir, tt.fifo))
			}
			if tt.zero != "" {
				symlink(t, "/dev/zero", filepath.Join(dir, tt.zero))
			}
			code, stdout, stderr := runGuarded(t, tt.args, strings.NewReader(""))
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if stdout != "" {
				t.Errorf("stdout not empty: %q", stdout)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
}

// TestStdinTooLarge: standard input over the limit says so, without a
// size it cannot know (only the limit was read).
func TestStdinTooLarge(t *testing.T) {
	t.Chdir(t.TempDir())
	big := io.MultiReader(strings.NewReader("FROM scratch\n"), bytes.NewReader(bytes.Repeat([]byte("# padding\n"), 17<<20/10)))
	code, _, stderr := runGuarded(t, []string{"check", "-"}, big)
	want := "ballast: standard input (Dockerfile) is larger than the 16 MiB limit\n"
	if code != exitError || stderr != want {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// ballastEnv makes TestBallastHelper, run as a child process, run ballast
// with the arguments it holds (separated by newlines).
const ballastEnv = "BALLAST_TEST_ARGS"

// TestBallastHelper is ballast as a child process of the tests that need
// a real one: its own standard output, another user, a signal.
func TestBallastHelper(t *testing.T) {
	args := os.Getenv(ballastEnv)
	if args == "" {
		t.Skip("runs only as a child of the tests that need a real process")
	}
	os.Exit(run(strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
}

// sharedBinary copies this test binary where every user may run it.
func sharedBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(sharedTempDir(t, 0o755), "ballast.test")
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// ballastCommand is a ballast process: the test binary bin running
// TestBallastHelper.
func ballastCommand(bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, "-test.run=^TestBallastHelper$")
	cmd.Env = append(os.Environ(), ballastEnv+"="+strings.Join(args, "\n"))
	return cmd
}

// sharedTempDir is a temporary directory other users can reach (t.TempDir
// lives under a directory only the test's user may enter).
func sharedTempDir(t *testing.T, mode os.FileMode) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ballast-test-") //nolint:usetesting // t.TempDir's parent is closed to other users
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The report the cases below expect, by its first line.
const (
	findingDockerfile = "FROM python:latest AS base\n"
	findingLine       = "Dockerfile:1:13: DL3007 image \"python\" uses the latest tag; pin a version"
)

// asUser runs cmd as user nobody (the tests call it when they run as
// root), so the cases hold for an ordinary user too.
func asUser(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// TestOutputLikeRedirection: -o behaves as a shell's `>` would. A device
// or a pipe is written through and stays what it is; a symbolic link is
// followed and kept; a regular file is replaced atomically. Run as the
// test's user and, when that is root, as user nobody.
func TestOutputLikeRedirection(t *testing.T) {
	bin := sharedBinary(t)
	users := []string{"self"}
	if os.Geteuid() == 0 {
		users = append(users, "nobody")
	}
	for _, user := range users {
		t.Run(user, func(t *testing.T) {
			o := &outputEnv{bin: bin, dir: sharedTempDir(t, 0o777), nobody: user == "nobody"}
			if err := os.WriteFile(filepath.Join(o.dir, "Dockerfile"), []byte(findingDockerfile), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Run("dev-null", o.devNull)
			t.Run("dev-stdout-file", o.devStdoutFile)
			t.Run("dev-stdout-pipe", o.devStdoutPipe)
			t.Run("symlink", o.symlink)
			t.Run("dangling-symlink", o.danglingSymlink)
			t.Run("fifo", o.fifo)
			t.Run("dev-full", o.devFull)
			t.Run("missing-dir", o.missingDir)
			t.Run("every-input-failed", o.everyInputFailed)
		})
	}
}

// outputEnv is where the -o cases run: a directory every user may write,
// and the ballast binary, run as nobody when nobody is set.
type outputEnv struct {
	bin, dir string
	nobody   bool
}

// ballast runs `ballast check --no-color ARGS` in the case's directory.
func (o *outputEnv) ballast(t *testing.T, stdout io.Writer, args ...string) (int, string) {
	t.Helper()
	cmd := ballastCommand(o.bin, append([]string{"check", "--no-color"}, args...)...)
	cmd.Dir = o.dir
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if o.nobody {
		asUser(cmd)
	}
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

func (o *outputEnv) devNull(t *testing.T) {
	if code, stderr := o.ballast(t, nil, "-o", "/dev/null", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
}

func (o *outputEnv) devStdoutFile(t *testing.T) {
	out, err := os.CreateTemp(o.dir, "stdout-")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = out.Close() }()
	if err := out.Chmod(0o666); err != nil {
		t.Fatal(err)
	}
	if code, stderr := o.ballast(t, out, "-o", "/dev/stdout", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	got, _ := os.ReadFile(out.Name())
	if !strings.HasPrefix(string(got), findingLine) {
		t.Errorf("the file behind stdout holds %q", got)
	}
}

func (o *outputEnv) devStdoutPipe(t *testing.T) {
	var out bytes.Buffer
	if code, stderr := o.ballast(t, &out, "-o", "/dev/stdout", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(out.String(), findingLine) {
		t.Errorf("stdout = %q", out.String())
	}
}

func (o *outputEnv) symlink(t *testing.T) {
	target := filepath.Join(o.dir, "reports", "out.txt")
	if err := os.MkdirAll(filepath.Dir(target), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(target), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("old\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(target, 0o666)
	link := filepath.Join(o.dir, "report.txt")
	symlink(t, "reports/out.txt", link)
	if code, stderr := o.ballast(t, nil, "-o", "report.txt", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("report.txt is no longer a link: %v", err)
	}
	got, _ := os.ReadFile(target)
	if !strings.HasPrefix(string(got), findingLine) {
		t.Errorf("link target holds %q", got)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o666 {
		t.Errorf("target mode %v, want 0666 kept", st.Mode().Perm())
	}
	assertNoTemp(t, filepath.Dir(target))
}

func (o *outputEnv) danglingSymlink(t *testing.T) {
	link := filepath.Join(o.dir, "new-report.txt")
	symlink(t, "created.txt", link)
	if code, stderr := o.ballast(t, nil, "-o", "new-report.txt", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(o.dir, "created.txt"))
	if err != nil || !strings.HasPrefix(string(got), findingLine) {
		t.Errorf("created.txt: %q %v", got, err)
	}
}

func (o *outputEnv) fifo(t *testing.T) {
	fifo := filepath.Join(o.dir, "pipe")
	mkfifo(t, fifo)
	_ = os.Chmod(fifo, 0o666)
	got := make(chan []byte, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	if code, stderr := o.ballast(t, nil, "-o", "pipe", "Dockerfile"); code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	select {
	case b := <-got:
		if !strings.HasPrefix(string(b), findingLine) {
			t.Errorf("reader got %q", b)
		}
	case <-time.After(hangGuard):
		t.Fatal("nothing came through the FIFO")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v", err)
	}
}

func (o *outputEnv) devFull(t *testing.T) {
	code, stderr := o.ballast(t, nil, "-o", "/dev/full", "Dockerfile")
	if code != exitError || stderr != "ballast: /dev/full: no space left on device\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func (o *outputEnv) missingDir(t *testing.T) {
	code, stderr := o.ballast(t, nil, "-o", "nodir/out.txt", "Dockerfile")
	if code != exitError || stderr != "ballast: nodir/out.txt: no such file or directory\n" {
		t.Errorf("exit %d, stderr %q (no temporary file may be named)", code, stderr)
	}
}

func (o *outputEnv) everyInputFailed(t *testing.T) {
	if err := os.WriteFile(filepath.Join(o.dir, "Bad.Dockerfile"), []byte("FORM x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Join(o.dir, "Bad.Dockerfile"), 0o666)
	for _, format := range []string{"text", "json", "sarif"} {
		out := filepath.Join(o.dir, "fresh."+format)
		if code, _ := o.ballast(t, nil, "--format", format, "-o", out, "Bad.Dockerfile"); code != exitError {
			t.Errorf("%s: exit %d", format, code)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: %s was created though no input could be analyzed", format, out)
		}
	}
	kept := filepath.Join(o.dir, "kept.json")
	if err := os.WriteFile(kept, []byte("previous\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(kept, 0o666)
	o.ballast(t, nil, "--format", "json", "-o", kept, "Bad.Dockerfile")
	if got, _ := os.ReadFile(kept); string(got) != "previous\n" {
		t.Errorf("kept.json = %q, want it untouched", got)
	}
	assertNoTemp(t, o.dir)
}

// assertNoTemp fails when a temporary file of an atomic write is left in
// dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".ballast-") {
			t.Errorf("temporary file left behind: %s", filepath.Join(dir, e.Name()))
		}
	}
}

// TestFixThroughSymlink: --fix on a linked Dockerfile fixes the file the
// link names and keeps the link; the file keeps its mode, owner and group.
func TestFixThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("real", 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join("real", "Dockerfile")
	src := "FROM python:3.12-slim\nCOPY uv.lock ./\nRUN uv sync --no-cache\n"
	if err := os.WriteFile(target, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("uv.lock", []byte("version = 1\nrequires-python = \">=3.12\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	chowned := os.Geteuid() == 0
	if chowned {
		if err := os.Chown(target, 4242, 4343); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, target, "Dockerfile")
	code, _, stderr := runGuarded(t, []string{"check", "--fix", "--unsafe-fixes", "Dockerfile"}, nil)
	if code == exitError {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Lstat("Dockerfile"); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("Dockerfile is no longer a link: %v", err)
	}
	got, _ := os.ReadFile(target)
	if want := strings.Replace(src, "uv sync", "uv sync --locked", 1); string(got) != want {
		t.Errorf("target = %q, want %q", got, want)
	}
	st, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", st.Mode().Perm())
	}
	if sys := st.Sys().(*syscall.Stat_t); chowned && (sys.Uid != 4242 || sys.Gid != 4343) {
		t.Errorf("owner %d:%d, want 4242:4343 kept", sys.Uid, sys.Gid)
	}
	assertNoTemp(t, "real")
	assertNoTemp(t, ".")
	if !strings.Contains(stderr, "applied 1 fix in 1 file: Dockerfile\n") {
		t.Errorf("stderr = %q", stderr)
	}
}

// TestFixOneInputFails: the good file is fixed and stderr says so, then
// names what failed; exit 2.
func TestFixOneInputFails(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for name, content := range map[string]string{
		"good/Dockerfile": "FROM python:3.12-slim\nCOPY uv.lock ./\nRUN uv sync --no-cache\n",
		"good/uv.lock":    "version = 1\nrequires-python = \">=3.12\"\n",
		"bad/Dockerfile":  "FROM python:3.12-slim\nRUN <<EOF\necho\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runGuarded(t, []string{"check", "--fix", "--unsafe-fixes", "bad", "good"}, nil)
	want := "ballast: applied 1 fix in 1 file: good/Dockerfile\nballast: bad/Dockerfile:2: unterminated heredoc\n"
	if code != exitError || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, stdout, stderr, want)
	}
	if got, _ := os.ReadFile("good/Dockerfile"); !strings.Contains(string(got), "uv sync --locked") {
		t.Errorf("good/Dockerfile not fixed: %q", got)
	}
}

// holdOutputEnv makes TestHoldOutputHelper, run as a child process, open
// an output, write to it and wait to be signalled.
const holdOutputEnv = "BALLAST_TEST_HOLD_OUTPUT"

// TestHoldOutputHelper is the child process of TestSignalRemovesTemp.
func TestHoldOutputHelper(t *testing.T) {
	path := os.Getenv(holdOutputEnv)
	if path == "" {
		t.Skip("runs only as the child of TestSignalRemovesTemp")
	}
	out, err := openOutput(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := out.Write([]byte("half a report")); err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	time.Sleep(time.Minute)
	out.Abort()
	t.Fatal("not signalled")
}

// TestSignalRemovesTemp: a signal that ends ballast between the start of
// an atomic write and its rename leaves the file whole and removes the
// temporary file; the process still ends by that signal.
func TestSignalRemovesTemp(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.json")
			if err := os.WriteFile(path, []byte("previous\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHoldOutputHelper$")
			cmd.Env = append(os.Environ(), holdOutputEnv+"="+path)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line := make([]byte, 6)
			if _, err := io.ReadFull(stdout, line); err != nil || string(line) != "ready\n" {
				t.Fatalf("child said %q: %v", line, err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Fatalf("want the file and its temporary file while writing, got %d entries", len(entries))
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if err == nil || !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("child ended with %v (%v), want killed by %v", err, ws, sig)
			}
			assertNoTemp(t, dir)
			if got, _ := os.ReadFile(path); string(got) != "previous\n" {
				t.Errorf("report.json = %q, want it untouched", got)
			}
		})
	}
	signal.Reset()
}
