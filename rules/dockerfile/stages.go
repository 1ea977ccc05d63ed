package dockerfile

import (
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// stagesByName maps the lower-cased names of named stages to the stage.
func stagesByName(f *df.File) map[string]*df.Stage {
	m := make(map[string]*df.Stage, len(f.Stages))
	for _, st := range f.Stages {
		if st.Name != "" {
			m[st.Name] = st
		}
	}
	return m
}

// parentStage is the earlier stage a stage is built FROM, or nil when its
// base is an image.
func parentStage(st *df.Stage, byName map[string]*df.Stage) *df.Stage {
	p := byName[strings.ToLower(st.Typed.BaseName)]
	if p == nil || p.Index >= st.Index {
		return nil
	}
	return p
}

// copyFromRefs lists the stages or images that COPY --from and RUN --mount
// from= read, in source order.
func copyFromRefs(f *df.File) []string {
	var refs []string
	for _, in := range f.Instructions {
		switch c := in.Command.(type) {
		case *instructions.CopyCommand:
			if c.From != "" {
				refs = append(refs, c.From)
			}
		case *instructions.RunCommand:
			for _, m := range instructions.GetMounts(c) {
				if m.From != "" {
					refs = append(refs, m.From)
				}
			}
		}
	}
	return refs
}

// targetStages are the stages a build can end at, in source order: every
// stage no other stage reads (the last one, and any other a build can pick
// with --target). A stage that others copy from, mount or build FROM is
// not one: its files leave it, its USER and its config do not (those of a
// stage built FROM carry over to the child, which decides).
func targetStages(f *df.File) []*df.Stage {
	n := len(f.Stages)
	read := make([]bool, n)
	byName := stagesByName(f)
	for _, ref := range copyFromRefs(f) {
		if i, err := strconv.Atoi(ref); err == nil {
			if i >= 0 && i < n {
				read[i] = true
			}
		} else if st := byName[strings.ToLower(ref)]; st != nil {
			read[st.Index] = true
		}
	}
	for _, st := range f.Stages {
		if p := f.Parent(st); p != nil && p.Index < n {
			read[p.Index] = true
		}
	}
	var targets []*df.Stage
	for _, st := range f.Stages {
		if !read[st.Index] || st.Index == n-1 {
			targets = append(targets, st)
		}
	}
	return targets
}
