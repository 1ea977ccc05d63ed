package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
)

// runCheck is `ballast check`: flags, then each input's configuration,
// then the report, or the fixes with --fix or --diff.
func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cf, paths, err := parseCheckFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if err := cf.validate(); err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(paths) == 0 {
		if pipedInput(stdin) {
			fmt.Fprintln(stderr, "ballast: linting the current directory; standard input is read only when PATH is -: cat Dockerfile | ballast check -")
		}
		paths = []string{"."}
	}
	inputs, skipped, err := collectInputs(paths, cf, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(inputs) == 0 && len(skipped) > 0 {
		// A hook runner names every pyproject.toml it sees, uv's or not.
		fmt.Fprintf(stderr, "ballast: nothing to check: no uv.lock beside %s\n", strings.Join(skipped, ", "))
		return exitOK
	}
	if len(inputs) == 0 {
		fmt.Fprintf(stderr, "ballast: no Dockerfile found in %s\n", strings.Join(paths, ", "))
		return exitError
	}
	registry := rules.All()
	groups, err := planGroups(inputs, cf, cf.set, cf.failAt, registry, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	checkShellCheck(groups, stderr)
	if cf.fix || cf.diff {
		return runFix(groups, len(inputs), cf, stdout, stderr)
	}
	return runReport(groups, len(inputs), registry, cf, stdout, stderr)
}

// collectInputs expands paths into inputs, reading stdin for "-": a
// pyproject.toml stands for the uv.lock beside it, and is returned among
// skipped when it has none. driver.Resolve then checks each file once.
func collectInputs(paths []string, cf checkFlags, stdin io.Reader) (inputs []driver.Input, skipped []string, err error) {
	var files []string
	for _, p := range paths {
		if isPyproject(p) {
			if lock := driver.LockBeside(p); lock != "" {
				inputs = append(inputs, driver.Input{Path: lock, Lock: true})
			} else {
				skipped = append(skipped, p)
			}
			continue
		}
		if isLockFile(p) {
			inputs = append(inputs, driver.Input{Path: p, Lock: true})
			continue
		}
		if p != "-" {
			files = append(files, p)
			continue
		}
		in, err := stdinInput(stdin, cf.stdinFilename, cf.context)
		if err != nil {
			return nil, nil, err
		}
		inputs = append(inputs, in)
	}
	found, err := driver.Discover(files)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range found {
		inputs = append(inputs, driver.Input{Path: f, Context: cf.context})
	}
	return driver.Resolve(inputs), skipped, nil
}

// isPyproject reports whether a path names a pyproject.toml, or a file
// ending in .pyproject.toml (the companion of NAME.uv.lock).
func isPyproject(p string) bool {
	base := filepath.Base(p)
	return base == "pyproject.toml" || strings.HasSuffix(base, ".pyproject.toml")
}

// stdinInput reads the Dockerfile on standard input, named name (default
// Dockerfile) in messages, its context the folder name is in unless
// context says otherwise.
func stdinInput(stdin io.Reader, name, context string) (driver.Input, error) {
	if name == "" {
		name = "Dockerfile"
	}
	src, err := input.ReadAll(stdin, "standard input ("+name+")")
	if err != nil {
		return driver.Input{}, err
	}
	if context == "" {
		context = filepath.Dir(name)
	}
	return driver.Input{Path: name, Src: src, Context: context}, nil
}

// pipedInput reports whether standard input holds a pipe or a non-empty
// file, what `cat Dockerfile | ballast` gives. It is never read: CI
// runners (GitLab's among them) hand a job's commands their script on
// standard input, so without PATH ballast lints the current directory,
// as everywhere else, and only says how to lint standard input. A reader
// that is no file (a test's) counts when it says it holds bytes.
func pipedInput(stdin io.Reader) bool {
	f, ok := stdin.(*os.File)
	if !ok {
		l, ok := stdin.(interface{ Len() int })
		return ok && l.Len() > 0
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeNamedPipe != 0 || (st.Mode().IsRegular() && st.Size() > 0)
}
