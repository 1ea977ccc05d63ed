package build

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// The images a build ships are those of its target stages (the last
// stage, and any other no stage reads, which --target picks) that are not
// development or test images: each is its stage's instructions and those
// of the stages it is built FROM. A builder stage reaches them only through
// what they copy out of it, so a cache or a dev tool left in a builder whose
// venv alone is copied out costs the image nothing.

// devImageWord reports whether a word names a target that is a
// development or test image, where dev tools belong: "dev", "test",
// "debug", "ci", "lint" and their kin as a part of the stage name
// ("app-dev", "test_runner").
func devImageWord(word string) bool {
	switch word {
	case "dev", "devel", "develop", "development", "devcontainer",
		"test", "tests", "testing", "debug", "ci", "lint",
		"docs", "validate":
		return true
	}
	return false
}

// DevImage reports whether a stage is named as a development or test image.
func DevImage(st *dockerfile.Stage) bool {
	parts := strings.FieldsFunc(st.Name, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	return slices.ContainsFunc(parts, devImageWord)
}

// ShippedTargets are the target stages (TargetStages) that are not named as
// development or test images, in source order. When a FROM or a --from=
// names its stage through a variable (FROM base-${BACKEND}), any stage may
// be read, and only the last stage is known to be a target.
func ShippedTargets(f *dockerfile.File) []*dockerfile.Stage {
	if f == nil || len(f.Stages) == 0 {
		return nil
	}
	targets := TargetStages(f)
	if readThroughVariable(f) {
		targets = f.Stages[len(f.Stages)-1:]
	}
	var out []*dockerfile.Stage
	for _, st := range targets {
		if !DevImage(st) {
			out = append(out, st)
		}
	}
	return out
}

// readThroughVariable reports whether a FROM or a --from= of f names a
// stage or image through a variable.
func readThroughVariable(f *dockerfile.File) bool {
	for _, st := range f.Stages {
		if st.Typed != nil && strings.Contains(st.Typed.BaseName, "$") {
			return true
		}
	}
	for _, ref := range StageRefs(f) {
		if strings.Contains(ref, "$") {
			return true
		}
	}
	return false
}

// ShippedStages reports, by stage index, whether the stage's instructions
// are part of an image the build ships: a shipped target or a stage one is
// built FROM. Rules that ask of every instruction take it once per file.
func ShippedStages(f *dockerfile.File) []bool {
	ships := make([]bool, len(f.Stages))
	for _, t := range ShippedTargets(f) {
		for _, st := range f.StageChain(t) {
			if st.Index < len(ships) {
				ships[st.Index] = true
			}
		}
	}
	return ships
}

// LayeredStages reports, by stage index, whether the stage's layers are
// part of some image as layers rather than through what is copied out: it
// is the last stage or a later stage is built FROM it. hadolint's cleanup
// rules (DL3009, DL3060) judge these stages; an intermediate stage nothing
// builds on is not judged, even though --target could pick it.
func LayeredStages(f *dockerfile.File) []bool {
	layered := make([]bool, len(f.Stages))
	if len(f.Stages) == 0 {
		return layered
	}
	layered[len(f.Stages)-1] = true
	for _, st := range f.Stages {
		if p := f.Parent(st); p != nil && p.Index < len(layered) {
			layered[p.Index] = true
		}
	}
	return layered
}

// Ships reports whether st is a shipped target or a stage one is built
// FROM: its instructions are part of an image the build ships.
func Ships(f *dockerfile.File, st *dockerfile.Stage) bool {
	return shipsIn(ShippedStages(f), st)
}

// shipsIn is ShippedStages' answer for st; a nil stage (an instruction
// before the first FROM) ships nothing.
func shipsIn(ships []bool, st *dockerfile.Stage) bool {
	return st != nil && st.Index < len(ships) && ships[st.Index]
}

// TargetStages are the stages a build can end at, in source order: every
// stage no other stage reads (the last one, and any other a build can pick
// with --target). A stage that others copy from, mount or build FROM is
// not one: its files leave it, its USER and its config do not (those of a
// stage built FROM carry over to the child, which decides).
func TargetStages(f *dockerfile.File) []*dockerfile.Stage {
	n := len(f.Stages)
	read := make([]bool, n)
	for _, ref := range StageRefs(f) {
		if st := stageNamed(f, ref); st != nil {
			read[st.Index] = true
		}
	}
	for _, st := range f.Stages {
		if p := f.Parent(st); p != nil && p.Index < n {
			read[p.Index] = true
		}
	}
	var targets []*dockerfile.Stage
	for _, st := range f.Stages {
		if !read[st.Index] || st.Index == n-1 {
			targets = append(targets, st)
		}
	}
	return targets
}

// StageRefs lists the stages or images that COPY --from and RUN --mount
// from= read, in source order.
func StageRefs(f *dockerfile.File) []string {
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

// ContextSources are the source paths a COPY or ADD takes from the build
// context; nil for other instructions and for a COPY --from=.
func ContextSources(in *dockerfile.Instruction) []string {
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			return c.SourcePaths
		}
	case *instructions.AddCommand:
		return c.SourcePaths
	}
	return nil
}

// RootUser reports whether a USER value (user[:group]) names root: "root"
// or uid 0, with or without a group.
func RootUser(v string) bool {
	user, _, _ := strings.Cut(v, ":")
	return user == "root" || user == "0"
}

// Workdir is the working directory at in, WORKDIR values expanded in the
// stage's scope and joined as BuildKit joins them. It is "" when no
// WORKDIR of the stage chain sets one (the base image's, which ballast does
// not know), and known is false when a WORKDIR holds a variable the
// Dockerfile does not settle.
func Workdir(f *dockerfile.File, in *dockerfile.Instruction) (dir string, known bool) {
	var set []*dockerfile.Instruction
	for _, prev := range f.Before(in) {
		if prev.Is("workdir") {
			set = append(set, prev)
			if w, ok := prev.Command.(*instructions.WorkdirCommand); ok && path.IsAbs(w.Path) {
				break
			}
		}
	}
	scope := dockerfile.ScopeOf(f)
	var x *dockerfile.Expander
	for _, in := range slices.Backward(set) {
		w, ok := in.Command.(*instructions.WorkdirCommand)
		if !ok {
			return "", false
		}
		p := w.Path
		if strings.Contains(p, "$") {
			if x == nil {
				x = dockerfile.NewExpander(f)
			}
			res, err := x.WithMatches(p, scope.VarsAt(in))
			if err != nil || len(res.Unmatched) > 0 {
				return "", false
			}
			p = res.Result
		}
		dir = JoinPath(dir, p)
	}
	return dir, true
}

// JoinPath resolves p against dir as WORKDIR and COPY destinations are
// resolved; dir "" stands for an unknown directory, and a relative p
// against it stays relative.
func JoinPath(dir, p string) string {
	if path.IsAbs(p) || dir == "" {
		if p == "" || p == "." || p == "./" {
			return dir
		}
		return path.Clean(p)
	}
	return path.Join(dir, p)
}

// ReachesImage reports whether dir, written by an instruction of stage
// st, ends up in an image the build ships: st ships, or a stage that ships
// copies dir, a directory above it or a part of it out of st (COPY --from=
// naming st or a stage built FROM it). dir must be absolute; copies whose
// source or stage name holds a variable or a glob are not counted, so an
// unsure answer is false.
func ReachesImage(f *dockerfile.File, st *dockerfile.Stage, dir string) bool {
	ships := ShippedStages(f)
	if shipsIn(ships, st) {
		return true
	}
	if !path.IsAbs(dir) {
		return false
	}
	for _, c := range f.Stages {
		if shipsIn(ships, c) && CopiesOut(f, c, st, dir) {
			return true
		}
	}
	return false
}

// CopiesOut reports whether stage into copies dir, a directory above it or
// a part of it out of stage from (COPY --from= naming from or a stage built
// FROM it). dir must be absolute; a copy whose source or stage name holds
// a variable or a glob is not counted.
func CopiesOut(f *dockerfile.File, into, from *dockerfile.Stage, dir string) bool {
	if !path.IsAbs(dir) {
		return false
	}
	for _, in := range into.Instructions {
		cp, ok := in.Command.(*instructions.CopyCommand)
		if !ok || cp.From == "" || !builtOn(f, stageNamed(f, cp.From), from) {
			continue
		}
		for _, src := range cp.SourcePaths {
			if strings.ContainsAny(src, "$*?[") {
				continue
			}
			src = path.Join("/", src)
			if within(dir, src) || within(src, dir) {
				return true
			}
		}
	}
	return false
}

// stageNamed is the stage a COPY --from= value names, by name or index; nil
// for an image or a name with a variable.
func stageNamed(f *dockerfile.File, ref string) *dockerfile.Stage {
	if i, err := strconv.Atoi(ref); err == nil {
		if i >= 0 && i < len(f.Stages) {
			return f.Stages[i]
		}
		return nil
	}
	var found *dockerfile.Stage
	for _, st := range f.Stages {
		if st.Name != "" && strings.EqualFold(st.Name, ref) {
			found = st
		}
	}
	return found
}

// builtOn reports whether st is base or is built FROM it.
func builtOn(f *dockerfile.File, st, base *dockerfile.Stage) bool {
	if st == nil {
		return false
	}
	return slices.Contains(f.StageChain(st), base)
}

// VenvDir is where a `uv sync` run at in puts the project's environment:
// UV_PROJECT_ENVIRONMENT (relative to the project), else .venv in the
// project directory (the WORKDIR, moved by --directory or --project). It
// is "" when a variable, or the base image's WORKDIR, leaves it unknown.
func VenvDir(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command) string {
	dir, ok := Workdir(f, in)
	if !ok {
		return ""
	}
	for _, v := range c.Values("--directory", "--project") {
		if strings.Contains(v, "$") {
			return ""
		}
		dir = JoinPath(dir, v)
	}
	venv := ".venv"
	if v, ok := c.Env["UV_PROJECT_ENVIRONMENT"]; ok {
		venv = v
	} else if v, ok := dockerfile.ScopeOf(f).VarsAt(in).Get("UV_PROJECT_ENVIRONMENT"); ok {
		venv = v
	}
	if strings.Contains(venv, "$") || venv == "" {
		return ""
	}
	dir = JoinPath(dir, venv)
	if !path.IsAbs(dir) {
		return ""
	}
	return dir
}
