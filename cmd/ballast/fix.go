package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
)

// runFix applies the fixes of every input as its analysis completes, and
// writes each fixed Dockerfile atomically (keeping its mode, owner and
// links), or prints the diffs with --diff. Standard input comes back on
// stdout, fixed or not, so editors can pipe a buffer through ballast. An
// input that fails leaves its file untouched and the others are still
// fixed; stderr says which files were written, then what failed.
func runFix(groups []*group, n int, cf checkFlags, stdout, stderr io.Writer) int {
	var errs []error
	var wrote []string
	fixes, changed, remaining, failing := 0, 0, 0, false
	runJobs(groups, n, func(g *group, o *driver.Outcome) {
		in := o.Input
		if o.Err != nil {
			errs = append(errs, o.Err)
			if in.Src != nil && !cf.diff {
				_, _ = stdout.Write(in.Src)
			}
			return
		}
		src := in.Src
		for _, f := range o.Files {
			if f.Path == in.Path {
				src = f.Src
			}
		}
		fx, err := driver.FixFile(in, src, o.Findings, g.opts, cf.unsafeFixes)
		if err != nil {
			errs = append(errs, err)
			fx = driver.Fixed{Old: src, New: src, Remaining: o.Findings}
		}
		failing = failing || reaches(fx.Remaining, g.threshold)
		remaining += len(fx.Remaining)
		switch {
		case cf.diff:
			if fx.Applied > 0 {
				changed++
				fmt.Fprint(stdout, report.UnifiedDiff(in.Path, fx.Old, fx.New))
			}
		case in.Src != nil:
			if _, err := stdout.Write(fx.New); err != nil {
				errs = append(errs, fmt.Errorf("writing standard output: %w", err))
				return
			}
			if fx.Applied > 0 {
				fixes += fx.Applied
				wrote = append(wrote, in.Path)
			}
		case fx.Applied > 0:
			if err := writeOutput(in.Path, fx.New); err != nil {
				errs = append(errs, fmt.Errorf("%w; nothing written", err))
				return
			}
			fixes += fx.Applied
			wrote = append(wrote, in.Path)
		}
	})
	if !cf.diff {
		what := lint.Count(fixes, "fix", "fixes") + " in " + lint.Count(len(wrote), "file", "files")
		if len(wrote) > 0 {
			what += ": " + strings.Join(wrote, ", ")
		}
		fmt.Fprintf(stderr, "ballast: applied %s\n", what)
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "ballast: %v\n", e)
	}
	switch {
	case len(errs) > 0:
		return exitError
	case cf.diff && changed > 0:
		return exitFindings
	case cf.diff:
		return exitOK
	case failing:
		verb := "remain"
		if remaining == 1 {
			verb = "remains"
		}
		fmt.Fprintf(stderr, "ballast: %s %s; run without --fix to see them\n", lint.Count(remaining, "finding", "findings"), verb)
		return exitFindings
	}
	return exitOK
}
