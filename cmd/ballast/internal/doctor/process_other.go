//go:build !unix

package doctor

import (
	"os"
	"os/exec"
)

// killGroupOnCancel leaves exec's default, which kills the process: the
// system has no process groups to kill at once.
func killGroupOnCancel(*exec.Cmd) {}

// signalOf is empty: the system reports no signals.
func signalOf(*os.ProcessState) string { return "" }
