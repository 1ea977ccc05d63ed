package driver

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
)

// LockBeside returns the uv.lock a pyproject.toml goes with (NAME.uv.lock
// for NAME.pyproject.toml, as a lock given alone pairs the other way), or
// "" when there is none: a pyproject.toml is read as a lock's companion,
// never linted on its own.
func LockBeside(pyproject string) string {
	lock := filepath.Join(filepath.Dir(pyproject), strings.TrimSuffix(filepath.Base(pyproject), "pyproject.toml")+"uv.lock")
	if st, err := os.Stat(lock); err != nil || st.IsDir() {
		return ""
	}
	return lock
}

// Resolve makes the inputs named on the command line into the units to
// check, each once. A hook runner such as pre-commit names every changed
// file, so a Dockerfile often comes with the uv.lock it installs:
//   - the same file named twice (Dockerfile ./Dockerfile) is one input;
//   - a uv.lock that a named Dockerfile's unit reads is checked through that
//     unit only, not again alone;
//   - a uv.lock named without such a Dockerfile is replaced by the
//     Dockerfiles in its folder whose unit reads it, so that a change to the
//     lock alone still meets the rules that compare it with the Dockerfile
//     (python-version-mismatch, uv-too-old-for-lock…); with none, it is
//     checked alone.
//
// Dockerfiles are parsed here only when a uv.lock is named; one that fails
// to parse pairs with nothing, and Load reports its error.
func Resolve(inputs []Input) []Input {
	seen := map[string]bool{}
	out := inputs[:0:0]
	locks := map[string]bool{} // absolute paths of the uv.lock inputs
	for _, in := range inputs {
		if in.Src == nil {
			key := filepath.Clean(in.Path)
			if in.Lock {
				key = filepath.Clean(in.Path) + "\x00lock"
			}
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		if in.Lock && filepath.Base(in.Path) == "uv.lock" {
			locks[absPath(in.Path)] = false
		}
		out = append(out, in)
	}
	if len(locks) == 0 {
		return out
	}
	for _, in := range out {
		if !in.Lock {
			if lock := lockOf(in, locks); lock != "" {
				locks[lock] = true
			}
		}
	}
	resolved := out[:0:0]
	for _, in := range out {
		if !in.Lock || filepath.Base(in.Path) != "uv.lock" {
			resolved = append(resolved, in)
			continue
		}
		lock := absPath(in.Path)
		if locks[lock] {
			continue
		}
		beside := dockerfilesReading(in.Path, lock, seen)
		if len(beside) == 0 {
			resolved = append(resolved, in)
		}
		resolved = append(resolved, beside...)
	}
	return resolved
}

// lockOf returns the absolute path of the uv.lock the input's unit reads
// when it is one of locks, else "". Only a Dockerfile whose context holds
// one of the locks is parsed.
func lockOf(in Input, locks map[string]bool) string {
	ctx := in.Context
	if ctx == "" {
		ctx = filepath.Dir(in.Path)
	}
	ctxAbs := absPath(ctx)
	holds := false
	for lock := range locks {
		if rel, err := filepath.Rel(ctxAbs, filepath.Dir(lock)); err == nil && !strings.HasPrefix(rel, "..") {
			holds = true
			break
		}
	}
	if !holds {
		return ""
	}
	src, err := source(in)
	if err != nil {
		return ""
	}
	df, err := dockerfile.ParseFile(token.NewFileSet(), in.Path, src)
	if err != nil {
		return ""
	}
	p, _ := findLock(df, ctx)
	if p == "" {
		return ""
	}
	p = absPath(p)
	if _, ok := locks[p]; !ok {
		return ""
	}
	return p
}

// dockerfilesReading returns, as inputs, the Dockerfiles in lockPath's
// folder, not already named, whose unit reads that lock.
func dockerfilesReading(lockPath, lockAbs string, seen map[string]bool) []Input {
	dir := filepath.Dir(lockPath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []Input
	for _, e := range entries {
		if e.IsDir() || !IsDockerfileName(e.Name()) {
			continue
		}
		in := Input{Path: filepath.Join(dir, e.Name())}
		key := filepath.Clean(in.Path)
		if seen[key] {
			continue
		}
		if lockOf(in, map[string]bool{lockAbs: false}) == lockAbs {
			seen[key] = true
			out = append(out, in)
		}
	}
	return out
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
