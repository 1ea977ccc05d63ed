//go:build !unix

package input

// openFlags: only Unix systems block opening a FIFO.
const openFlags = 0
