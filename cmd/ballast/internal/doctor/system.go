package doctor

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// System is everything doctor reads of the machine. Host is the real
// one; tests fill the fields with fakes.
type System struct {
	// GOOS is the operating system doctor runs on.
	GOOS string
	// Getenv reads an environment variable.
	Getenv func(key string) string
	// LookPath finds a program on PATH and returns its absolute path.
	LookPath func(name string) (string, error)
	// Run runs a program and returns what it did; it returns when ctx
	// ends, having killed the program and everything it started.
	Run func(ctx context.Context, path string, args ...string) Outcome
	// Statfs returns the free and total bytes of the filesystem path is on.
	Statfs func(path string) (Space, error)
	// ReadFile reads a whole file.
	ReadFile func(path string) ([]byte, error)
	// Glob lists the paths a pattern matches (filepath.Glob).
	Glob func(pattern string) ([]string, error)
	// FileSize returns a file's size in bytes.
	FileSize func(path string) (int64, error)
}

// Outcome is what a program did.
type Outcome struct {
	Stdout, Stderr []byte
	// ExitCode is the exit status, -1 when it did not exit by itself.
	ExitCode int
	// Signal names the signal that killed it ("bus error"), empty if none.
	Signal string
	// TimedOut is true when the timeout ended it.
	TimedOut bool
	// Err is a failure to start it, or to wait for it.
	Err error
}

// Space is a filesystem's free and total bytes; Free is what an
// unprivileged process may use (statfs's f_bavail).
type Space struct{ Free, Total int64 }

// Host is the machine doctor runs on.
func Host() System {
	return System{
		GOOS:     runtime.GOOS,
		Getenv:   os.Getenv,
		LookPath: exec.LookPath,
		Run:      runProgram,
		Statfs:   statfs,
		ReadFile: os.ReadFile,
		Glob:     filepath.Glob,
		FileSize: func(path string) (int64, error) {
			fi, err := os.Stat(path)
			if err != nil {
				return 0, err
			}
			return fi.Size(), nil
		},
	}
}

// waitDelay bounds how long Run waits for the output pipes once the
// program was killed: a grandchild that escaped the kill may hold them.
const waitDelay = 2 * time.Second

// outputLimit caps what doctor keeps of a program's output; docker info
// writes a few kB.
const outputLimit = 1 << 20

// runProgram runs path with args and no shell, in a process group of its
// own that a timeout kills whole: a docker that hangs, or that started a
// child that hangs, cannot hang doctor.
func runProgram(ctx context.Context, path string, args ...string) Outcome {
	var stdout, stderr limitedBuffer
	stdout.limit, stderr.limit = outputLimit, outputLimit
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = waitDelay
	killGroupOnCancel(cmd)
	err := cmd.Run()
	out := Outcome{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), ExitCode: -1}
	if cmd.ProcessState != nil {
		out.ExitCode = cmd.ProcessState.ExitCode()
		out.Signal = signalOf(cmd.ProcessState)
	}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		out.TimedOut = true
		out.Signal = ""
	case err != nil && !errors.As(err, &exitErr):
		out.Err = err
	}
	return out
}

// limitedBuffer keeps the first limit bytes written to it and drops the
// rest, so a program that floods its output cannot exhaust memory.
type limitedBuffer struct {
	bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
