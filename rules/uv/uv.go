// Package uv holds the rules that join a Dockerfile with the uv.lock it
// installs from (BA2nn).
package uv

import (
	"path"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

// Rules lists the uv rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{BA201, BA202, BA203, BA204, BA205, BA206, BA207, BA208, BA209}
}

// uvSync is one `uv sync` found in a RUN.
type uvSync struct {
	in  *dockerfile.Instruction
	cmd *dockerfile.Command
	// sync spans the words "uv sync" as written.
	sync dockerfile.Span
}

// uvSyncs finds every `uv sync` in the file's RUN instructions, ONBUILD
// included, in source order.
func uvSyncs(f *dockerfile.File) []uvSync {
	var out []uvSync
	f.Walk(func(in *dockerfile.Instruction) {
		// Most RUNs never mention uv: skip the command scan for them.
		if !in.Is("run") || !f.MayRunUV(in) {
			return
		}
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Kind != dockerfile.UVSync {
				continue
			}
			out = append(out, uvSync{in: in, cmd: c, sync: build.SyncWords(f, c)})
		}
	})
	return out
}

// isLockPath reports whether a source path names uv.lock itself.
func isLockPath(p string) bool { return path.Base(strings.TrimSuffix(p, "/")) == "uv.lock" }
