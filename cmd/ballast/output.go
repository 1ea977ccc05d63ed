package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// An output is where a report or a fixed Dockerfile goes. Nothing a
// reader could see is final before Commit: a regular file (or a new
// path) is written to a temporary file beside it and renamed over it,
// so a crash, an error or a signal leaves the old content whole. Devices,
// pipes and the /dev/stdout family are written through, as a shell
// redirection would: renaming over /dev/null would replace the device.
type output interface {
	io.Writer
	// Commit makes what was written the file's content.
	Commit() error
	// Abort drops what was written; the file is left as it was. After
	// Commit it does nothing.
	Abort()
}

// openOutput opens path for a whole new content. A symbolic link is
// followed to the file it names, which is replaced and the link kept. A
// file whose owner and group a new file cannot keep (another user's file
// that this user may write) is an error: atomicity and ownership cannot
// both be had, and a Dockerfile keeps its owner.
func openOutput(path string) (output, error) {
	return open(path, false)
}

// openReport opens the -o file of a report as a shell redirection would:
// /dev/stdout and /dev/stderr are the process's own streams (another
// user's pipe cannot be reopened by name), and a file whose owner cannot
// be kept is written in place.
func openReport(path string, stdout, stderr io.Writer) (output, error) {
	switch filepath.Clean(path) {
	case "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1":
		return &stdOutput{w: stdout}, nil
	case "/dev/stderr", "/proc/self/fd/2", "/dev/fd/2":
		return &stdOutput{w: stderr}, nil
	}
	return open(path, true)
}

// stdOutput is a stream of the process: written through.
type stdOutput struct{ w io.Writer }

func (s *stdOutput) Write(p []byte) (int, error) { return s.w.Write(p) }
func (s *stdOutput) Commit() error               { return nil }
func (s *stdOutput) Abort()                      {}

func open(path string, inPlace bool) (output, error) {
	target, through, err := resolveOutput(path)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(target)
	switch {
	case err == nil && st.IsDir():
		return nil, fmt.Errorf("%s: is a directory", path)
	case through, err == nil && !st.Mode().IsRegular():
		// The kernel follows /proc's links to pipes and sockets, which
		// name no path.
		return openDirect(path)
	case err == nil:
		out, err := newAtomicOutput(path, target, st)
		if errors.Is(err, errOwner) && inPlace {
			return openDirect(path)
		}
		return out, err
	case errors.Is(err, fs.ErrNotExist):
		return newAtomicOutput(path, target, nil)
	}
	return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
}

// openDirect opens path for writing in place, as `>` does; a regular
// file is truncated by the first write, so an output aborted before it
// leaves the file as it was.
func openDirect(path string) (output, error) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	return &directOutput{path: path, f: f, truncate: st.Mode().IsRegular()}, nil
}

// errOwner is the error of a rewrite that would change a file's owner.
var errOwner = errors.New("cannot keep its owner and group")

// maxLinks bounds the symbolic links followed, as the kernel does (40 on
// Linux): a loop is an error, not a hang.
const maxLinks = 40

// resolveOutput follows symbolic links from path to the file a write
// would reach, which may not exist yet (a dangling link is followed to the
// path it names, as a shell redirection creates it). through reports a
// path under /dev or /proc, which is written through whatever it is:
// /dev/stdout may name a regular file the caller's shell opened, and
// renaming over it would bypass the shell's own descriptor.
func resolveOutput(path string) (target string, through bool, err error) {
	p := path
	for range maxLinks {
		if abs, err := filepath.Abs(p); err == nil && (strings.HasPrefix(abs, "/dev/") || strings.HasPrefix(abs, "/proc/")) {
			return p, true, nil
		}
		st, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, false, nil // a new file
		case err != nil:
			return "", false, fmt.Errorf("%s: %w", path, unwrapPath(err))
		case st.Mode()&fs.ModeSymlink == 0:
			return p, false, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", false, fmt.Errorf("%s: %w", path, unwrapPath(err))
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", false, fmt.Errorf("%s: too many levels of symbolic links", path)
}

// unwrapPath drops an fs.PathError's path: messages name the user's path,
// never a temporary file's or a link target's.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	if le, ok := errors.AsType[*os.LinkError](err); ok {
		return le.Err
	}
	return err
}

// directOutput writes through to a device or pipe.
type directOutput struct {
	path     string
	f        *os.File
	truncate bool // before the first write
}

func (d *directOutput) Write(p []byte) (int, error) {
	if d.truncate {
		d.truncate = false
		if err := d.f.Truncate(0); err != nil {
			return 0, fmt.Errorf("%s: %w", d.path, unwrapPath(err))
		}
	}
	n, err := d.f.Write(p)
	if err != nil {
		err = fmt.Errorf("%s: %w", d.path, unwrapPath(err))
	}
	return n, err
}

func (d *directOutput) Commit() error {
	if d.truncate { // nothing was written: the content is empty
		if _, err := d.Write(nil); err != nil {
			_ = d.f.Close()
			return err
		}
	}
	if err := d.f.Close(); err != nil {
		return fmt.Errorf("%s: %w", d.path, unwrapPath(err))
	}
	return nil
}

func (d *directOutput) Abort() { _ = d.f.Close() }

// atomicOutput writes a temporary file beside the target and renames it
// over the target on Commit.
type atomicOutput struct {
	path   string // as the user named it, for messages
	target string // the file replaced (path with its links followed)
	old    fs.FileInfo
	tmp    *os.File
	done   bool
	stop   chan struct{}
}

// newMode is the mode of a file ballast creates.
const newMode = 0o644

func newAtomicOutput(path, target string, old fs.FileInfo) (*atomicOutput, error) {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".ballast-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	a := &atomicOutput{path: path, target: target, old: old, tmp: tmp, stop: make(chan struct{})}
	a.removeOnSignal()
	if old != nil {
		if err := keepOwner(tmp, old); err != nil {
			a.Abort()
			return nil, fmt.Errorf("%s: %w (%w); nothing written", path, errOwner, unwrapPath(err))
		}
	}
	return a, nil
}

// removeOnSignal removes the temporary file when the process is
// interrupted or terminated before Commit, then lets the signal end the
// process as it would have.
func (a *atomicOutput) removeOnSignal() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	name := a.tmp.Name()
	go func() {
		defer signal.Stop(sigs)
		select {
		case sig := <-sigs:
			_ = os.Remove(name)
			signal.Reset(sig)
			if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
				time.Sleep(time.Second) // the signal's default action ends the process
			}
			os.Exit(exitError)
		case <-a.stop:
		}
	}()
}

func (a *atomicOutput) Write(p []byte) (int, error) {
	n, err := a.tmp.Write(p)
	if err != nil {
		err = fmt.Errorf("%s: %w", a.path, unwrapPath(err))
	}
	return n, err
}

func (a *atomicOutput) Commit() error {
	if a.done {
		return nil
	}
	defer a.Abort()
	fail := func(err error) error { return fmt.Errorf("%s: %w", a.path, unwrapPath(err)) }
	mode := fs.FileMode(newMode)
	if a.old != nil {
		mode = a.old.Mode().Perm()
	}
	if err := a.tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := a.tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := a.tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(a.tmp.Name(), a.target); err != nil {
		return fail(err)
	}
	a.done = true
	syncDir(filepath.Dir(a.target))
	return nil
}

func (a *atomicOutput) Abort() {
	if !a.done {
		a.done = true
		_ = a.tmp.Close()
		_ = os.Remove(a.tmp.Name())
	}
	select {
	case <-a.stop:
	default:
		close(a.stop)
	}
}

// syncDir makes a rename in dir durable. Some systems cannot sync a
// directory; the rename is done either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// writeOutput writes data to path as one new content (see openOutput).
func writeOutput(path string, data []byte) error {
	out, err := openOutput(path)
	if err != nil {
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Abort()
		return err
	}
	return out.Commit()
}
