package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
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
