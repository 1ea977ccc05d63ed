package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/config"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
)

// runLSP is `ballast lsp`: a language server on standard input and
// output, for editors.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ballast lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: ballast lsp\n\nA Language Server on standard input and output: diagnostics as you type and save, fixes as code actions, the rule's doc on hover.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ballast lsp: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	rwc := stdio{Reader: stdin, Writer: stdout}
	if err := lsp.Serve(context.Background(), rwc, lspChecker(), lsp.Options{Debounce: lsp.DefaultDebounce, Log: stderr}); err != nil {
		fmt.Fprintf(stderr, "ballast lsp: %v\n", err)
		return exitError
	}
	return exitOK
}

// lspChecker checks an editor's document as `ballast check` does: a
// Dockerfile's buffer as `--stdin-filename PATH -` checks standard input,
// a uv.lock or pyproject.toml as `ballast check PATH` (the Dockerfiles
// beside it that read the lock, or the lock alone). The configuration is
// the one PATH's folder finds, read again at every check, and the parsed
// locks are kept between checks while their bytes stay the same.
func lspChecker() lsp.Checker {
	registry := rules.All()
	locks := &lint.LockCache{}
	return func(path string, src []byte) (lsp.Report, error) {
		var cf checkFlags
		companion := isPyproject(path) || isLockFile(path)
		if !companion && strings.HasSuffix(path, ".toml") {
			return checkConfigDocument(path, registry)
		}
		var inputs []driver.Input
		if companion {
			inputs, _, _ = collectInputs([]string{path}, cf, nil)
		} else {
			inputs = []driver.Input{{Path: path, Src: src}}
		}
		rep := lsp.Report{Watch: lspWatched(path, inputs)}
		if len(inputs) == 0 {
			// A pyproject.toml with no uv.lock beside it, or another TOML
			// file the editor attached: nothing to check.
			return rep, nil
		}
		groups, err := planGroups(inputs, cf, map[string]bool{}, lint.Error, registry, io.Discard)
		if err != nil {
			return rep, err
		}
		checkShellCheck(groups, io.Discard)
		for _, g := range groups {
			g.opts.Locks = locks
			res := driver.Run(g.inputs, g.opts)
			rep.Errors = append(rep.Errors, res.Errors...)
			rep.Findings = append(rep.Findings, res.Findings...)
			for p := range res.Sources {
				if !slices.Contains(rep.Watch, p) && (companion || p != path) {
					rep.Watch = append(rep.Watch, p)
				}
			}
			if companion && rep.Text == nil {
				rep.Text = res.Sources[path]
			}
		}
		if companion && rep.Text == nil {
			// The check read the lock but not this pyproject.toml: its
			// text is still what positions in it refer to.
			rep.Text, _ = input.ReadFile(path)
		}
		return rep, nil
	}
}

// checkConfigDocument checks a TOML document the editor attached that is
// neither a lock nor a pyproject.toml: a ballast configuration is read
// and validated as a check would, so that a mistake in it shows where it
// is made; any other TOML file has nothing to check.
func checkConfigDocument(path string, registry []*lint.Rule) (lsp.Report, error) {
	rep := lsp.Report{Watch: []string{path}}
	if filepath.Base(path) != ".ballast.toml" && !strings.HasSuffix(filepath.ToSlash(path), "/ballast/config.toml") {
		return rep, nil
	}
	src, err := input.ReadFile(path)
	if err != nil {
		return rep, err
	}
	rep.Text = src
	cfg, err := config.Load("", path)
	if err == nil {
		err = cfg.Validate(registry)
	}
	return rep, err
}

// lspWatched is what a check of path depends on besides what it reads:
// the configuration's candidates, and in each input's build context the
// files a check reads when they exist (a uv.lock created by `uv lock`
// joins the check at once).
func lspWatched(path string, inputs []driver.Input) []string {
	watch := config.Watched(filepath.Dir(path), "")
	if isPyproject(path) || isLockFile(path) {
		watch = append(watch, path, filepath.Join(filepath.Dir(path), "uv.lock"))
	}
	for _, in := range inputs {
		ctx := in.Context
		if ctx == "" {
			ctx = filepath.Dir(in.Path)
		}
		for _, name := range []string{".dockerignore", "uv.lock", "pyproject.toml"} {
			watch = append(watch, filepath.Join(ctx, name))
		}
		if in.Src == nil && !in.Lock {
			watch = append(watch, in.Path) // a Dockerfile beside the lock
		}
	}
	slices.Sort(watch)
	return slices.Compact(watch)
}

// stdio is standard input and output as one connection; closing it
// leaves the process's streams to the process.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

var _ io.ReadWriteCloser = stdio{}
