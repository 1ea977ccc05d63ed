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
	// The fields' types vary by system (Bsize is uint32 on darwin, Bavail
	// int64 on freebsd): the conversions are needed somewhere.
	bsize := int64(st.Bsize)                           //nolint:unconvert // see above
	free, blocks := int64(st.Bavail), int64(st.Blocks) //nolint:unconvert // see above
	return Space{Free: free * bsize, Total: blocks * bsize}, nil
}
