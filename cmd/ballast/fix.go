package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/driver"
)

// maxFixRounds bounds the re-runs that pick up fixes which overlapped an
// earlier one; a fix that keeps changing the file past this is a bug.
const maxFixRounds = 4

// fixed is one Dockerfile after its fixes.
type fixed struct {
	input   driver.Input
	old     []byte
	new     []byte
	applied int
}

// applyFixes applies the fixes to every Dockerfile of the run, re-running
// the analysis until nothing more applies, and checks that the result still
// parses and that one more run would change nothing (idempotence). Nothing
// is written here.
func applyFixes(inputs []driver.Input, res *driver.Result, opts driver.Options, unsafe bool) ([]fixed, error) {
	var out []fixed
	for _, in := range inputs {
		old, ok := res.Sources[in.Path]
		if !ok {
			continue // the input failed to load; its error is reported already
		}
		cur := old
		findings := res.Findings
		total := 0
		for round := 0; ; round++ {
			next, n := driver.ApplyFixes(in.Path, cur, findings, unsafe)
			if n == 0 {
				break
			}
			if round == maxFixRounds {
				return nil, fmt.Errorf("%s: fixes did not settle after %d rounds; nothing written", in.Path, maxFixRounds)
			}
			if _, err := dockerfile.Parse(in.Path, next); err != nil {
				return nil, fmt.Errorf("%s: a fix would make the Dockerfile invalid; nothing written: %w", in.Path, err)
			}
			total += n
			cur = next
			again := driver.Run([]driver.Input{{Path: in.Path, Src: cur, Context: in.Context}}, opts)
			if len(again.Errors) > 0 {
				return nil, fmt.Errorf("%s: after fixes: %w", in.Path, again.Errors[0])
			}
			findings = again.Findings
		}
		if total > 0 {
			out = append(out, fixed{input: in, old: old, new: cur, applied: total})
		}
	}
	return out, nil
}

// writeFixes writes each fixed Dockerfile atomically, keeping its mode, or
// prints the diffs with --diff. Standard input's fix goes to stdout.
func writeFixes(inputs []driver.Input, fixes []fixed, diff bool, stdout io.Writer) error {
	if !diff {
		// Standard input comes back on stdout, fixed or not, so editors can
		// pipe a buffer through ballast.
		for _, in := range inputs {
			if in.Src != nil && !slices.ContainsFunc(fixes, func(fx fixed) bool { return fx.input.Path == in.Path }) {
				if _, err := stdout.Write(in.Src); err != nil {
					return err
				}
			}
		}
	}
	for _, fx := range fixes {
		switch {
		case diff:
			fmt.Fprint(stdout, report.UnifiedDiff(fx.input.Path, fx.old, fx.new))
		case fx.input.Src != nil:
			if _, err := stdout.Write(fx.new); err != nil {
				return err
			}
		default:
			if err := writeAtomic(fx.input.Path, fx.new); err != nil {
				return fmt.Errorf("%s: %w", fx.input.Path, err)
			}
		}
	}
	return nil
}
