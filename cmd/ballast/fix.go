package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
)

// maxFixRounds bounds the re-runs that pick up fixes which overlapped an
// earlier one; a fix that keeps changing the file past this is a bug.
const maxFixRounds = 4

// fixed is one Dockerfile after its fixes.
type fixed struct {
	old, new []byte
	applied  int
	// remaining are the findings of the fixed file.
	remaining []lint.Finding
}

// fixInput applies the fixes to one analyzed Dockerfile, re-running the
// analysis until nothing more applies, and checks that the result still
// parses. Nothing is written here.
func fixInput(in driver.Input, src []byte, findings []lint.Finding, opts driver.Options, unsafe bool) (fixed, error) {
	fx := fixed{old: src, new: src, remaining: findings}
	for round := 0; ; round++ {
		next, n := driver.ApplyFixes(in.Path, fx.new, fx.remaining, unsafe)
		if n == 0 {
			return fx, nil
		}
		if round == maxFixRounds {
			return fx, fmt.Errorf("%s: fixes did not settle after %d rounds; nothing written", in.Path, maxFixRounds)
		}
		if _, err := dockerfile.Parse(in.Path, next); err != nil {
			return fx, fmt.Errorf("%s: a fix would make the Dockerfile invalid; nothing written: %w", in.Path, err)
		}
		again := driver.Run([]driver.Input{{Path: in.Path, Src: next, Context: in.Context}}, opts)
		if len(again.Errors) > 0 {
			return fx, fmt.Errorf("%s: after fixes: %w; nothing written", in.Path, again.Errors[0])
		}
		fx.applied += n
		fx.new, fx.remaining = next, again.Findings
	}
}

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
		fx, err := fixInput(in, src, o.Findings, g.opts, cf.unsafeFixes)
		if err != nil {
			errs = append(errs, err)
			fx = fixed{old: src, new: src, remaining: o.Findings}
		}
		failing = failing || reaches(fx.remaining, g.threshold)
		remaining += len(fx.remaining)
		switch {
		case cf.diff:
			if fx.applied > 0 {
				changed++
				fmt.Fprint(stdout, report.UnifiedDiff(in.Path, fx.old, fx.new))
			}
		case in.Src != nil:
			if _, err := stdout.Write(fx.new); err != nil {
				errs = append(errs, fmt.Errorf("writing standard output: %w", err))
				return
			}
			if fx.applied > 0 {
				fixes += fx.applied
				wrote = append(wrote, in.Path)
			}
		case fx.applied > 0:
			if err := writeOutput(in.Path, fx.new); err != nil {
				errs = append(errs, fmt.Errorf("%w; nothing written", err))
				return
			}
			fixes += fx.applied
			wrote = append(wrote, in.Path)
		}
	})
	if !cf.diff {
		what := plural(fixes, "fix", "fixes") + " in " + plural(len(wrote), "file", "files")
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
		fmt.Fprintf(stderr, "ballast: %s %s; run without --fix to see them\n", plural(remaining, "finding", "findings"), verb)
		return exitFindings
	}
	return exitOK
}
