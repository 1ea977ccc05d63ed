package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"github.com/ballast-dev/ballast/rules"
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
	if err := lsp.Serve(context.Background(), rwc, lspChecker(stderr), lsp.Options{Debounce: lsp.DefaultDebounce, Log: stderr}); err != nil {
		fmt.Fprintf(stderr, "ballast lsp: %v\n", err)
		return exitError
	}
	return exitOK
}

// lspChecker checks an editor's buffer as `ballast check --stdin-filename
// PATH -` checks standard input: the configuration is the one PATH's
// folder finds, read again at every check so that an edit to it shows
// at the next keystroke.
func lspChecker(stderr io.Writer) lsp.Checker {
	registry := rules.All()
	return func(path string, src []byte) ([]lint.Finding, error) {
		var cf checkFlags
		in := driver.Input{Path: path, Src: src}
		groups, err := planGroups([]driver.Input{in}, cf, map[string]bool{}, lint.Error, registry, io.Discard)
		if err != nil {
			return nil, err
		}
		checkShellCheck(groups, io.Discard)
		var findings []lint.Finding
		for _, g := range groups {
			res := driver.Run(g.inputs, g.opts)
			for _, e := range res.Errors {
				fmt.Fprintf(stderr, "ballast lsp: %v\n", e)
			}
			findings = append(findings, res.Findings...)
		}
		return findings, nil
	}
}

// stdio is standard input and output as one connection; closing it
// leaves the process's streams to the process.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

var _ io.ReadWriteCloser = stdio{}
