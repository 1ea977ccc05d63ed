//go:build !(linux || darwin || freebsd || windows)

package doctor

import (
	"errors"
	"runtime"
)

// statfs is not read on this system: doctor says it could not see the
// free space instead.
func statfs(string) (Space, error) {
	return Space{}, errors.New("free space is not read on " + runtime.GOOS)
}
