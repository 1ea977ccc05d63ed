package driver

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Input is one Dockerfile to analyze.
type Input struct {
	// Path is the file's path, used in messages and to find the context.
	Path string
	// Src, when non-nil, is the content (stdin); otherwise Path is read.
	Src []byte
	// Context overrides the build context (default: the Dockerfile's folder).
	Context string
	// Lock is true when Path is a uv.lock given alone: the unit is that
	// lock and the pyproject.toml beside it, with no Dockerfile.
	Lock bool
}

// Load reads a Dockerfile, parses it, and finds the files that go with it:
// `.dockerignore`, and the uv.lock its instructions bring into the image
// (through COPY, ADD or a bind mount), else the one at the context root, with
// the pyproject.toml beside it.
func Load(in Input) (*lint.Unit, error) {
	if in.Lock {
		return loadLock(in)
	}
	src, err := source(in)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	df, err := dockerfile.ParseFile(fset, in.Path, src)
	if err != nil {
		return nil, err
	}
	ctx := in.Context
	if ctx == "" {
		ctx = filepath.Dir(in.Path)
	}
	unit := &lint.Unit{Fset: fset, Dockerfile: df, Context: ctx}
	add := func(p string) (*lint.SourceFile, error) {
		b, err := input.ReadFile(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
			return nil, err
		}
		tf := fset.AddFile(p, -1, len(b))
		input.SetLines(tf, b)
		return &lint.SourceFile{Path: p, Src: b, TF: tf}, nil
	}
	if unit.Dockerignore, err = add(filepath.Join(ctx, ".dockerignore")); err != nil {
		return nil, err
	}
	unit.ReadRequirement = func(written string) (*lint.SourceFile, error) {
		if p := requirementPath(ctx, written); p != "" {
			return add(p)
		}
		return nil, nil
	}
	lockPath, reason := findLock(df, ctx)
	if lockPath != "" {
		b, err := input.ReadFile(lockPath)
		switch {
		case err == nil:
			// Its lines come from its parser's line index, not a second one.
			unit.Lock = &lint.SourceFile{Path: lockPath, Src: b, TF: fset.AddFile(lockPath, -1, len(b)), NoLines: true}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
		unit.LockReason = reason
		if unit.Pyproject, err = add(filepath.Join(filepath.Dir(lockPath), "pyproject.toml")); err != nil {
			return nil, err
		}
	}
	return unit, nil
}

// source returns an input's content: Src, or the file at Path.
func source(in Input) ([]byte, error) {
	if in.Src == nil {
		return input.ReadFile(in.Path)
	}
	if len(in.Src) > input.MaxFileSize {
		return nil, fmt.Errorf("%s is %w", in.Path, input.ErrTooLarge)
	}
	return in.Src, nil
}

// inputError words an OS error as "path: what went wrong".
func inputError(p string, err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %w", p, pe.Err)
	}
	if strings.HasPrefix(err.Error(), p+":") {
		return err
	}
	return fmt.Errorf("%s: %w", p, err)
}

// findLock returns the uv.lock the Dockerfile brings into an image, and why.
func findLock(df *dockerfile.File, ctx string) (string, string) {
	// Many instructions name the same folder (COPY . .): look each path
	// up once.
	var missing []string
	isFile := func(p string) bool {
		if slices.Contains(missing, p) {
			return false
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return true
		}
		missing = append(missing, p)
		return false
	}
	for _, in := range df.Instructions {
		for _, src := range lockSources(in) {
			src = strings.TrimPrefix(path.Clean("/"+src), "/")
			p := filepath.Join(ctx, filepath.FromSlash(src))
			if path.Base(src) != "uv.lock" {
				p = filepath.Join(p, "uv.lock")
			}
			if isFile(p) {
				pos := df.Position(in.KeywordSpan.Start)
				return p, fmt.Sprintf("%s at %s:%d", strings.ToUpper(in.Keyword), df.Name, pos.Line)
			}
		}
	}
	if p := filepath.Join(ctx, "uv.lock"); isFile(p) {
		return p, "context root"
	}
	return "", ""
}

// requirementPath finds a requirements file a command names in the build
// context: the path as written, relative to the context, else its base
// name at the context root (COPY requirements.txt /app/ then
// -r /app/requirements.txt); "" when neither exists.
func requirementPath(ctx, written string) string {
	rel := strings.TrimPrefix(path.Clean("/"+written), "/")
	for _, p := range []string{filepath.Join(ctx, filepath.FromSlash(rel)), filepath.Join(ctx, path.Base(rel))} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// lockSources lists the context paths an instruction brings into the image:
// COPY/ADD sources without --from, and bind mounts without from.
func lockSources(in *dockerfile.Instruction) []string {
	var out []string
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			out = append(out, c.SourcePaths...)
		}
	case *instructions.AddCommand:
		out = append(out, c.SourcePaths...)
	case *instructions.RunCommand:
		for _, m := range instructions.GetMounts(c) {
			if m.Type == instructions.MountTypeBind && m.From == "" {
				src := m.Source
				if src == "" {
					src = "."
				}
				out = append(out, src)
			}
		}
	}
	return out
}

// loadLock makes the unit of a lock given alone: the lock and the
// pyproject.toml beside it.
func loadLock(in Input) (*lint.Unit, error) {
	fset := token.NewFileSet()
	unit := &lint.Unit{Fset: fset, Context: filepath.Dir(in.Path), LockReason: "given alone"}
	src, err := source(in)
	if err != nil {
		return nil, err
	}
	unit.Lock = &lint.SourceFile{Path: in.Path, Src: src, TF: fset.AddFile(in.Path, -1, len(src)), NoLines: true}
	pyproject := filepath.Join(filepath.Dir(in.Path), "pyproject.toml")
	if base := filepath.Base(in.Path); base != "uv.lock" {
		// A lock named NAME.uv.lock pairs with NAME.pyproject.toml.
		pyproject = filepath.Join(filepath.Dir(in.Path), strings.TrimSuffix(base, "uv.lock")+"pyproject.toml")
	}
	b, err := input.ReadFile(pyproject)
	switch {
	case err == nil:
		ptf := fset.AddFile(pyproject, -1, len(b))
		input.SetLines(ptf, b)
		unit.Pyproject = &lint.SourceFile{Path: pyproject, Src: b, TF: ptf}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	return unit, nil
}
