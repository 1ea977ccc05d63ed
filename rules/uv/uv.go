// Package uv holds the rules that join a Dockerfile with the uv.lock it
// installs from (BA2nn).
package uv

import (
	"bytes"
	"path"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Rules lists the uv rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{BA201, BA202, BA203}
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
		if !in.Is("run") || !mentionsUV(f, in) {
			return
		}
		cmds := in.Commands()
		for i := range cmds {
			c := &cmds[i]
			if c.Kind != dockerfile.UVSync {
				continue
			}
			sp := c.Span
			if j := bytes.Index(f.Src[sp.Start:sp.End], []byte("sync")); j >= 0 {
				sp.End = sp.Start + j + len("sync")
			}
			out = append(out, uvSync{in: in, cmd: c, sync: sp})
		}
	})
	return out
}

// stageChain returns the stage of in and the stages it is built FROM, the
// stage itself first.
func stageChain(f *dockerfile.File, st *dockerfile.Stage) []*dockerfile.Stage {
	var chain []*dockerfile.Stage
	seen := map[*dockerfile.Stage]bool{}
	for st != nil && !seen[st] {
		seen[st] = true
		chain = append(chain, st)
		var parent *dockerfile.Stage
		for _, prev := range f.Stages[:st.Index] {
			if prev.Name != "" && strings.EqualFold(prev.Name, st.Typed.BaseName) {
				parent = prev
			}
		}
		st = parent
	}
	return chain
}

// before lists the instructions that run before in, in its stage and the
// stages it builds on, nearest first.
func before(f *dockerfile.File, in *dockerfile.Instruction) []*dockerfile.Instruction {
	var out []*dockerfile.Instruction
	if in.Stage == nil {
		return nil
	}
	for i, st := range stageChain(f, in.Stage) {
		list := st.Instructions
		if i == 0 {
			cut := len(list)
			for j, x := range list {
				if x == in || x.Onbuild == in {
					cut = j
					break
				}
			}
			list = list[:cut]
		}
		for j := len(list) - 1; j >= 0; j-- {
			out = append(out, list[j])
		}
	}
	return out
}

// envBefore returns the value an ENV sets for key before in, if any.
func envBefore(f *dockerfile.File, in *dockerfile.Instruction, key string) (string, bool) {
	for _, prev := range before(f, in) {
		env, ok := prev.Command.(*instructions.EnvCommand)
		if !ok {
			continue
		}
		for i := len(env.Env) - 1; i >= 0; i-- {
			if env.Env[i].Key == key {
				return env.Env[i].Value, true
			}
		}
	}
	return "", false
}

// truthy reads a boolean environment value the way uv does.
func truthy(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "1", "true", "yes", "on", "y", "t":
		return true
	}
	return false
}

// isLockPath reports whether a source path names uv.lock itself.
func isLockPath(p string) bool { return path.Base(strings.TrimSuffix(p, "/")) == "uv.lock" }

// lintSpan is the empty span at offset, where a fix inserts text.
func lintSpan(offset int) dockerfile.Span { return dockerfile.Span{Start: offset, End: offset} }

// mentionsUV reports whether the instruction's text (heredocs included)
// has "uv" as a word of its own (not uvicorn, not uvloop): a cheap test
// that lets most RUNs skip the shell parse.
func mentionsUV(f *dockerfile.File, in *dockerfile.Instruction) bool {
	text := f.Src[in.Span.Start:in.Span.End]
	for i := bytes.Index(text, []byte("uv")); i >= 0; {
		end := i + 2
		if (i == 0 || !isWordByte(text[i-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		next := bytes.Index(text[end:], []byte("uv"))
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

// isWordByte reports whether b can continue a program name such as
// "uvicorn" or "ruv".
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'
}
