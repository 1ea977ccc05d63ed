package driver

import (
	"fmt"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
)

// MaxFixRounds bounds the re-runs that pick up fixes which overlapped an
// earlier one; a fix that keeps changing the file past this is a bug.
const MaxFixRounds = 4

// Fixed is one Dockerfile after its fixes.
type Fixed struct {
	Old, New []byte
	// Applied counts the fixes applied over all rounds.
	Applied int
	// Remaining are the findings of the fixed file.
	Remaining []lint.Finding
}

// FixFile applies the fixes to one analyzed Dockerfile (src, with the
// findings of its analysis under opts), re-running the analysis until
// nothing more applies, and checks that every round still parses. Nothing
// is written here. On error the returned Fixed holds the last content that
// parsed; --fix writes nothing then.
func FixFile(in Input, src []byte, findings []lint.Finding, opts Options, unsafe bool) (Fixed, error) {
	fx := Fixed{Old: src, New: src, Remaining: findings}
	for round := 0; ; round++ {
		next, n := ApplyFixes(in.Path, fx.New, fx.Remaining, unsafe)
		if n == 0 {
			return fx, nil
		}
		if round == MaxFixRounds {
			return fx, fmt.Errorf("%s: fixes did not settle after %d rounds; nothing written", in.Path, MaxFixRounds)
		}
		if err := stillParses(in.Path, fx.New, next); err != nil {
			return fx, err
		}
		again := Run([]Input{{Path: in.Path, Src: next, Context: in.Context}}, opts)
		if len(again.Errors) > 0 {
			return fx, fmt.Errorf("%s: after fixes: %w; nothing written", in.Path, again.Errors[0])
		}
		fx.Applied += n
		fx.New, fx.Remaining = next, again.Findings
	}
}

// stillParses checks that fixing old into next breaks nothing BuildKit
// reads: next parses, and BuildKit refuses no more of it than of old (a
// file with a refused instruction still gets fixes elsewhere).
func stillParses(path string, old, next []byte) error {
	after, err := dockerfile.Parse(path, next)
	if err != nil {
		return fmt.Errorf("%s: a fix would make the Dockerfile invalid; nothing written: %w", path, err)
	}
	if n := after.InputErrors(); n > 0 {
		before, err := dockerfile.Parse(path, old)
		if err != nil || n > before.InputErrors() {
			return fmt.Errorf("%s: a fix would make BuildKit refuse an instruction; nothing written", path)
		}
	}
	return nil
}
