//go:build unix

package input

import "syscall"

// openFlags keeps Open from blocking on a FIFO.
const openFlags = syscall.O_NONBLOCK
