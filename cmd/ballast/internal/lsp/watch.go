package lsp

import (
	"context"
	"hash/maphash"
	"os"
	"path/filepath"
	"time"

	"go.lsp.dev/protocol"
)

// stamp is what the server remembers of a file a document depends on:
// enough to see that it was created, removed, rewritten or touched. The
// content's hash catches a rewrite that keeps the size within the
// file system's clock tick (`"BA101"` → `"BA201"` in .ballast.toml).
type stamp struct {
	exists bool
	size   int64
	mtime  time.Time
	sum    uint64
}

// hashedSize bounds the files whose content is hashed: configuration
// files and locks; reading a few MB once a second costs well under 1 ms.
const hashedSize = 8 << 20

// stampOf looks at the file now.
func (s *server) stampOf(path string) stamp {
	st, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	now := stamp{exists: true, size: st.Size(), mtime: st.ModTime()}
	if st.Mode().IsRegular() && st.Size() <= hashedSize {
		if b, err := os.ReadFile(path); err == nil {
			now.sum = maphash.Bytes(s.seed, b)
		}
	}
	return now
}

// poll looks at the files the open documents depend on every interval
// and checks again each document one of whose files changed, until stop
// is closed. Editors do not all watch files for their servers (Neovim on
// Linux does not by default), and a lock rewritten by `uv lock` in a
// terminal must still refresh the Dockerfile's findings.
func (s *server) poll(interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		type watched struct {
			u     protocol.DocumentURI
			watch map[string]stamp
		}
		var all []watched
		s.mu.Lock()
		for u, d := range s.docs {
			if d.watch != nil && !d.due {
				all = append(all, watched{u, d.watch})
			}
		}
		s.mu.Unlock()
		for _, w := range all {
			for p, was := range w.watch {
				if now := s.stampOf(p); now != was {
					s.schedule(w.u, 0)
					break
				}
			}
		}
	}
}

// changedOnDisk checks again every open document that depends on path,
// which the editor says changed (a save, or a file it watches).
func (s *server) changedOnDisk(path string) {
	path = filepath.Clean(path)
	var due []protocol.DocumentURI
	s.mu.Lock()
	for u, d := range s.docs {
		if _, ok := d.watch[path]; ok && d.path != path {
			due = append(due, u)
		}
	}
	s.mu.Unlock()
	for _, u := range due {
		s.schedule(u, 0)
	}
}

// watchedGlobs are the files a check may depend on, for editors that
// watch files for the server.
var watchedGlobs = []string{"**/.ballast.toml", "**/pyproject.toml", "**/uv.lock", "**/*.uv.lock", "**/*.pyproject.toml", "**/.hadolint.yaml", "**/.hadolint.yml", "**/.dockerignore", "**/ballast/config.toml"}

// registerWatchers asks an editor that offered it to watch the files
// checks depend on and say when they change; the poll covers editors
// that do not.
func (s *server) registerWatchers() {
	s.mu.Lock()
	offered := s.watchFiles
	s.mu.Unlock()
	if !offered {
		return
	}
	watchers := make([]protocol.FileSystemWatcher, 0, len(watchedGlobs))
	for _, g := range watchedGlobs {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: g})
	}
	params := &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "ballast-watched-files",
		Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}}
	// The request is answered by the editor while this connection's
	// reader is busy with the notification that led here: it must not be
	// waited for on the reader's goroutine.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, _ = s.conn.Call(ctx, protocol.MethodClientRegisterCapability, params, nil)
	}()
}
