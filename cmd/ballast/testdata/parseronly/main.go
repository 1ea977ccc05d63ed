// Command parseronly is the yardstick of ballast's editor benchmarks: a
// process that reads a Dockerfile from standard input and runs only
// BuildKit's parser and its parse-time checks, as Docker's own tooling
// does on every keystroke.
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func main() {
	res, err := parser.Parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	warnings := len(res.Warnings)
	lint := linter.New(&linter.Config{ExperimentalAll: true, Warn: func(string, string, string, string, []parser.Range) { warnings++ }})
	if _, _, err := instructions.Parse(res.AST, lint); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Println(warnings)
}
