package build

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// pythonPin is the project's .python-version, as uv reads it: uv looks
// for the file in the project's directory (and the directories above
// the working directory) and takes its first version as the request of
// uv sync, uv run and uv venv, below --python and UV_PYTHON and above
// the interpreters already on the machine (uv docs, "Python versions":
// "uv will search for a .python-version file in the current directory
// or any of its parents"; pyproject's requires-python only bounds it).
// In an image the file counts only from the point an instruction brings
// it from the build context: a COPY/ADD of the file or of a directory
// that holds it, or a bind mount of either into the RUN.
type pythonPin struct {
	version string
	// copies are the instructions that bring the file into the image.
	copies []*dockerfile.Instruction
	// where is the file's path relative to the build context.
	where string
}

// readPythonPin finds the .python-version beside the lock in the build
// context and the instructions that copy it; nil when there is none or
// nothing copies it.
func readPythonPin(f *dockerfile.File, unit *lint.Unit) (*pythonPin, error) {
	if f == nil || unit == nil || unit.Lock == nil || unit.Context == "" {
		return nil, nil
	}
	projectDir, inContext := contextPath(unit.Context, filepath.Dir(unit.Lock.Path))
	if !inContext {
		return nil, nil // a lock outside the context: no pin the build sees
	}
	pinPath := path.Join(projectDir, ".python-version")
	var copies []*dockerfile.Instruction
	for _, in := range f.Instructions {
		for _, src := range contextSources(in) {
			src = strings.TrimPrefix(path.Clean("/"+src), "/")
			if src == "" {
				src = "."
			}
			matched, _ := path.Match(src, pinPath)
			if matched || src == "." || src == projectDir || strings.HasPrefix(projectDir+"/", src+"/") {
				copies = append(copies, in)
				break
			}
		}
	}
	if len(copies) == 0 {
		return nil, nil
	}
	sf, err := unit.Requirement(pinPath)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", pinPath, err)
	}
	if sf == nil || filepath.Base(sf.Path) != ".python-version" {
		return nil, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(sf.Src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, ok := ParsePythonRequest(line); !ok {
			return nil, nil // a path or a range: not a version ballast can read
		}
		return &pythonPin{version: line, copies: copies, where: pinPath}, nil
	}
	return nil, nil
}

// contextPath is dir relative to the build context ctx, slash-separated;
// false when dir is outside it.
func contextPath(ctx, dir string) (string, bool) {
	rel, err := filepath.Rel(ctx, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// contextSources lists the build-context paths an instruction brings into
// the image: COPY/ADD sources without --from, and bind mounts without
// from.
func contextSources(in *dockerfile.Instruction) []string {
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			return c.SourcePaths
		}
	case *instructions.AddCommand:
		return c.SourcePaths
	case *instructions.RunCommand:
		var out []string
		for _, m := range instructions.GetMounts(c) {
			if m.Type == instructions.MountTypeBind && m.From == "" {
				out = append(out, m.Source)
			}
		}
		return out
	}
	return nil
}

// before returns the pin as a Value when an instruction that brings the
// file in runs before in (in its stage or the stages it builds on) or is
// in itself (a bind mount).
func (p *pythonPin) before(f *dockerfile.File, in *dockerfile.Instruction) Value {
	if p == nil || in.Stage == nil {
		return Value{}
	}
	chain := f.StageChain(in.Stage)
	for _, c := range p.copies {
		if c.Stage == nil {
			continue
		}
		switch {
		case c == in:
		case c.Stage == in.Stage && f.IndexInStage(c) < f.IndexInStage(in):
		case c.Stage != in.Stage && slices.Contains(chain, c.Stage):
		default:
			continue
		}
		pos := f.Position(c.KeywordSpan.Start)
		return Value{p.version, fmt.Sprintf("%s %s (%s at %s:%d)", p.where, p.version, strings.ToUpper(c.Keyword), f.Name, pos.Line)}
	}
	return Value{}
}
