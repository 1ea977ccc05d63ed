package lint

import (
	"bytes"
	"slices"
	"sync"

	"github.com/ballast-dev/ballast/parsers/uvlock"
)

// LockCache keeps parsed uv.locks between runs of one long-lived process
// (the language server), so that a save of the Dockerfile does not parse
// a 1 MB lock again. An entry is used only when the lock's bytes are the
// same as when it was parsed; a parsed lock is never changed after Parse
// returns, so one value serves every unit that reads it, concurrently.
type LockCache struct {
	mu      sync.Mutex
	entries []lockEntry // most recently used last
}

type lockEntry struct {
	path string
	src  []byte
	lock *uvlock.Lock
	err  error
}

// lockCacheSize bounds the locks kept: an editor session touches a few
// projects, and each entry holds its lock's bytes and model.
const lockCacheSize = 8

// Parse returns the parsed lock for path and src, from the cache when the
// same path was parsed from the same bytes. Errors are cached as well: an
// invalid lock stays invalid until its bytes change.
func (c *LockCache) Parse(path string, src []byte) (*uvlock.Lock, error) {
	c.mu.Lock()
	for i, e := range c.entries {
		if e.path == path && bytes.Equal(e.src, src) {
			c.entries = append(slices.Delete(c.entries, i, i+1), e)
			c.mu.Unlock()
			return e.lock, e.err
		}
	}
	c.mu.Unlock()
	// Parsed outside the lock: two documents reading two locks need not
	// wait for each other. Two checks of the same new lock may both parse
	// it; the second entry replaces the first.
	lock, err := uvlock.Parse(path, src)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = slices.DeleteFunc(c.entries, func(e lockEntry) bool { return e.path == path })
	if len(c.entries) == lockCacheSize {
		c.entries = slices.Delete(c.entries, 0, 1)
	}
	c.entries = append(c.entries, lockEntry{path: path, src: bytes.Clone(src), lock: lock, err: err})
	return lock, err
}
