//go:build linux || darwin || freebsd

package doctor

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// statfs reads the free and total bytes of the filesystem path is on.
func statfs(path string) (Space, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return Space{}, fmt.Errorf("statfs %s: %w", path, err)
	}
	// The fields' types vary by system: Bsize is int64 on linux, uint32 on
	// darwin, Bavail uint64 on linux, int64 on freebsd.
	bsize := int64(st.Bsize) //nolint:unconvert // not int64 on darwin
	free, blocks := int64(st.Bavail), int64(st.Blocks)
	return Space{Free: free * bsize, Total: blocks * bsize}, nil
}
