package dockerfile

import (
	"bytes"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// StageChain returns st and the stages it is built FROM, st first: `FROM
// builder` continues the stage named builder.
func (f *File) StageChain(st *Stage) []*Stage {
	var chain []*Stage
	seen := map[*Stage]bool{}
	for st != nil && !seen[st] {
		seen[st] = true
		chain = append(chain, st)
		var parent *Stage
		for _, prev := range f.Stages[:st.Index] {
			if prev.Name != "" && strings.EqualFold(prev.Name, st.Typed.BaseName) {
				parent = prev
			}
		}
		st = parent
	}
	return chain
}

// Before lists the instructions that run before in, in its stage and the
// stages it builds on, nearest first.
func (f *File) Before(in *Instruction) []*Instruction {
	if in.Stage == nil {
		return nil
	}
	var out []*Instruction
	for i, st := range f.StageChain(in.Stage) {
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

// EnvBefore returns the value the nearest ENV before in sets for key, in
// its stage or the stages it builds on.
func (f *File) EnvBefore(in *Instruction, key string) (string, bool) {
	for _, prev := range f.Before(in) {
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

// MentionsWord reports whether the text of in (heredocs included) holds
// word as a word of its own: "uv" in `uv sync`, not in uvicorn or ruv. It
// is a cheap test that lets rules skip the shell parse of most RUNs.
func (f *File) MentionsWord(in *Instruction, word string) bool {
	if word == "" {
		return false // no word to find (and no end to the scan below)
	}
	text, w := f.Src[in.Span.Start:in.Span.End], []byte(word)
	for i := bytes.Index(text, w); i >= 0; {
		end := i + len(w)
		if (i == 0 || !isNameByte(text[i-1])) && (end == len(text) || !isNameByte(text[end])) {
			return true
		}
		next := bytes.Index(text[end:], w)
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

// isNameByte reports whether b can continue a program name such as
// "uvicorn" or "pip3".
func isNameByte(b byte) bool { return nameBytes[b] }

var nameBytes = func() (t [256]bool) {
	for b := range 256 {
		t[b] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.'
	}
	return t
}()

// RequirementFiles lists the requirements files a pip-style install reads:
// the values of -r/--requirement, and the operands of uv pip sync.
func (c *Command) RequirementFiles() []string {
	switch c.Kind {
	case PipInstall, UVPipInstall, UVPipSync:
	default:
		return nil
	}
	files := c.Values("-r", "--requirement", "--requirements")
	if c.Kind == UVPipSync {
		for _, a := range c.Args {
			files = append(files, a.Value)
		}
	}
	return files
}

// Truthy reads a boolean environment value (UV_LOCKED=1,
// PIP_NO_CACHE_DIR=true) as uv and pip do: 1, true, yes, on, y or t, in
// any case, quotes ignored.
func Truthy(v string) bool {
	switch strings.ToLower(strings.Trim(v, `"'`)) {
	case "1", "true", "yes", "on", "y", "t":
		return true
	}
	return false
}
