package doctor

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// statfs reads the free and total bytes of the volume path is on; Free is
// what the calling user may use, as f_bavail is on unix.
func statfs(path string) (Space, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return Space{}, fmt.Errorf("free space of %s: %w", path, err)
	}
	var free, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &free, &total, &totalFree); err != nil {
		return Space{}, fmt.Errorf("free space of %s: %w", path, err)
	}
	return Space{Free: int64(free), Total: int64(total)}, nil
}
