package dockerfile

import (
	"slices"
	"strings"
)

// StageChain returns st and the stages it is built FROM, st first: `FROM
// builder` continues the stage named builder.
func (f *File) StageChain(st *Stage) []*Stage {
	var chain []*Stage
	for ; st != nil; st = f.Parent(st) {
		chain = append(chain, st)
	}
	return chain
}

// Parent is the stage st is built FROM: the last earlier stage named as
// its base, or nil.
func (f *File) Parent(st *Stage) *Stage {
	if st == nil {
		return nil
	}
	sc := ScopeOf(f).stages()
	if st.Index < len(sc.parents) && f.Stages[st.Index] == st {
		return sc.parents[st.Index]
	}
	return f.parentOf(st) // a stage of another file
}

// parentOf finds st's parent by comparing names, as Parent's index was built.
func (f *File) parentOf(st *Stage) *Stage {
	if st.Typed == nil {
		return nil
	}
	var parent *Stage
	for _, prev := range f.Stages[:min(st.Index, len(f.Stages))] {
		if prev.Name != "" && strings.EqualFold(prev.Name, st.Typed.BaseName) {
			parent = prev
		}
	}
	return parent
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
			list = list[:f.cut(in)]
		}
		for _, l := range slices.Backward(list) {
			out = append(out, l)
		}
	}
	return out
}

// IndexInStage is the number of instructions of in's stage that run
// before in: its index in Stage.Instructions, or all of them for the FROM
// line; 0 for an instruction outside any stage.
func (f *File) IndexInStage(in *Instruction) int {
	if in.Stage == nil {
		return 0
	}
	return f.cut(in)
}

// cut is IndexInStage for an instruction of a stage.
func (f *File) cut(in *Instruction) int {
	list := in.Stage.Instructions
	// Instructions are in source order: search by offset, then confirm.
	j, _ := slices.BinarySearchFunc(list, in.Span.Start, func(x *Instruction, at int) int { return x.Span.Start - at })
	for ; j < len(list) && list[j].Span.Start == in.Span.Start; j++ {
		if list[j] == in {
			return j
		}
	}
	for j, x := range list { // not found by offset: keep the plain search
		if x == in || x.Onbuild == in {
			return j
		}
	}
	return len(list)
}

// EnvBefore returns the value the nearest ENV before in sets for key, in
// its stage or the stages it builds on.
func (f *File) EnvBefore(in *Instruction, key string) (string, bool) {
	_, v, ok := f.EnvSetBefore(in, key)
	return v, ok
}

// EnvSetBefore is EnvBefore with the ENV instruction that sets the value.
func (f *File) EnvSetBefore(in *Instruction, key string) (*Instruction, string, bool) {
	if in.Stage == nil {
		return nil, "", false
	}
	sc := ScopeOf(f).stages()
	cut := f.cut(in)
	for st := in.Stage; st != nil; st, cut = f.Parent(st), -1 {
		if st.Index >= len(sc.env) || f.Stages[st.Index] != st {
			break
		}
		sets := sc.env[st.Index][key]
		if cut < 0 {
			cut = len(st.Instructions)
		}
		// The last pair of the nearest ENV wins: sets are in source order.
		n, _ := slices.BinarySearchFunc(sets, cut, func(e envSet, c int) int { return e.index - c })
		if n > 0 {
			e := sets[n-1]
			return st.Instructions[e.index], e.value, true
		}
	}
	return nil, "", false
}

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
