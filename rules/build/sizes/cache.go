package sizes

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// cache keeps raw answers on disk, one file per URL, named by the SHA-256
// of the URL; the file's modification time is its fetch time. The zero
// cache (no directory) keeps nothing.
type cache struct {
	dir     string
	maxBody int64
}

func (c cache) path(u string) string {
	sum := sha256.Sum256([]byte(u))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:])+".json")
}

// read returns the cached answer for u and when it was fetched.
func (c cache) read(u string) ([]byte, time.Time, bool) {
	if c.dir == "" {
		return nil, time.Time{}, false
	}
	fh, err := os.Open(c.path(u))
	if err != nil {
		return nil, time.Time{}, false
	}
	defer func() { _ = fh.Close() }()
	st, err := fh.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > c.maxBody {
		return nil, time.Time{}, false
	}
	data, err := io.ReadAll(io.LimitReader(fh, c.maxBody+1))
	if err != nil || int64(len(data)) > c.maxBody {
		return nil, time.Time{}, false
	}
	return data, st.ModTime(), true
}

// write stores data for u atomically: a reader sees the old file or the
// new one, never a part.
func (c cache) write(u string, data []byte) error {
	if c.dir == "" {
		return nil
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("write cache: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.path(u))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write cache: %w", err)
	}
	return nil
}

// artifactKey keeps artifact sizes apart from project pages in the cache,
// should an index ever serve a page at an artifact's URL.
func artifactKey(u string) string { return "artifact " + u }

// cachedArtifact returns the cached size of the artifact at u, whatever its
// age: an artifact's URL names one immutable file (the lock pins its hash).
func (f *fetcher) cachedArtifact(u string) (int64, bool) {
	if u == "" {
		return 0, false
	}
	data, _, ok := f.cache.read(artifactKey(u))
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

func (f *fetcher) storeArtifact(u string, n int64) error {
	return f.cache.write(artifactKey(u), []byte(strconv.FormatInt(n, 10)+"\n"))
}
