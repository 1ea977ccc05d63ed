//go:build unix

package doctor

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// killGroupOnCancel starts the program as the leader of a new process
// group and makes the context's end kill the whole group: a fake or
// broken docker that left a `sleep` behind holding its output open would
// otherwise keep Wait waiting.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
}

// signalOf names the signal that ended a process ("bus error"), or "".
func signalOf(ps *os.ProcessState) string {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	return strings.ToLower(ws.Signal().String())
}
