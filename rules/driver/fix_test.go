package driver_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
)

// naiveApply is ApplyFixes as a reference: every edit of a fix checked
// against every edit taken before, and against the fix's own.
func naiveApply(file string, src []byte, findings []lint.Finding, unsafe bool) ([]byte, int) {
	overlap := func(a, b lint.Edit) bool {
		if a.Start == a.End && b.Start == b.End {
			return a.Start == b.Start
		}
		return a.Start < b.End && b.Start < a.End || (a.Start == a.End && a.Start > b.Start && a.Start < b.End) || (b.Start == b.End && b.Start > a.Start && b.Start < a.End)
	}
	var taken []lint.Edit
	applied := 0
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		fx := f.Fixes[0]
		if fx.Safety != lint.SafeFix && (fx.Safety != lint.UnsafeFix || !unsafe) {
			continue
		}
		var mine []lint.Edit
		for _, e := range fx.Edits {
			if e.File == file {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 {
			continue
		}
		clash := false
		for i, m := range mine {
			for _, t := range append(slices.Clone(taken), mine[:i]...) {
				clash = clash || overlap(m, t)
			}
		}
		if clash {
			continue
		}
		taken = append(taken, mine...)
		applied++
	}
	slices.SortStableFunc(taken, func(a, b lint.Edit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	var out []byte
	pos := 0
	for _, e := range taken {
		out = append(out, src[pos:e.Start]...)
		out = append(out, e.NewText...)
		pos = e.End
	}
	return append(out, src[pos:]...), applied
}

// randomFindings makes n findings with one to three edits each, at random
// places of a size-byte file: many overlap.
func randomFindings(r *rand.Rand, n, size int) []lint.Finding {
	var out []lint.Finding
	for range n {
		var fx lint.Fix
		fx.Safety = lint.SafeFix
		if r.IntN(4) == 0 {
			fx.Safety = lint.UnsafeFix
		}
		for range 1 + r.IntN(3) {
			start := r.IntN(size + 1)
			end := min(start+r.IntN(4), size)
			if r.IntN(3) == 0 {
				end = start // an insertion
			}
			fx.Edits = append(fx.Edits, lint.Edit{File: "Dockerfile", Start: start, End: end, NewText: string(rune('a' + r.IntN(26)))})
		}
		out = append(out, lint.Finding{Fixes: []lint.Fix{fx}})
	}
	return out
}

// TestApplyFixesAgreesWithPairwise: keeping the taken edits sorted finds
// exactly the overlaps that checking every pair finds.
func TestApplyFixesAgreesWithPairwise(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		size := 1 + r.IntN(40)
		src := bytes.Repeat([]byte{'.'}, size)
		findings := randomFindings(r, 1+r.IntN(12), size)
		unsafe := round%2 == 0
		got, gotN := driver.ApplyFixes("Dockerfile", src, findings, unsafe)
		want, wantN := naiveApply("Dockerfile", src, findings, unsafe)
		if !bytes.Equal(got, want) || gotN != wantN {
			t.Fatalf("round %d: got %q (%d fixes), want %q (%d fixes)\nfindings: %+v", round, got, gotN, want, wantN, findings)
		}
	}
}

// BenchmarkApplyFixesMany applies 168,000 one-edit fixes to one file, as
// a generated Dockerfile with a fix on every line gives.
func BenchmarkApplyFixesMany(b *testing.B) {
	const n = 168000
	src := bytes.Repeat([]byte("RUN x\n"), n)
	findings := make([]lint.Finding, n)
	for i := range findings {
		findings[i] = lint.Finding{Fixes: []lint.Fix{{Safety: lint.SafeFix, Edits: []lint.Edit{{File: "Dockerfile", Start: 6*i + 4, End: 6*i + 4, NewText: "y"}}}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, applied := driver.ApplyFixes("Dockerfile", src, findings, false); applied != n {
			b.Fatalf("applied %d", applied)
		}
	}
}

// FuzzApplyFixes: whatever the edits, ApplyFixes agrees with checking
// every pair, and never panics on edits out of range.
func FuzzApplyFixes(f *testing.F) {
	f.Add([]byte("FROM x\nRUN y\n"), []byte{0, 2, 1, 3, 3, 0, 5, 5, 1})
	f.Add([]byte("abc"), []byte{1, 1, 0, 1, 1, 0, 0, 3, 1, 2, 9, 0})
	f.Fuzz(func(t *testing.T, src, spec []byte) {
		// Each 3 bytes of spec: start, length, and whether the edit
		// starts a new fix (else it joins the previous one).
		var findings []lint.Finding
		for i := 0; i+2 < len(spec); i += 3 {
			start := int(spec[i]) % (len(src) + 2) // sometimes out of range
			e := lint.Edit{File: "Dockerfile", Start: start, End: start + int(spec[i+1]%4), NewText: "x"}
			if spec[i+2]%2 == 1 || len(findings) == 0 {
				findings = append(findings, lint.Finding{Fixes: []lint.Fix{{Safety: lint.SafeFix}}})
			}
			fx := &findings[len(findings)-1].Fixes[0]
			fx.Edits = append(fx.Edits, e)
		}
		got, gotN := driver.ApplyFixes("Dockerfile", src, findings, false)
		// The reference takes only fixes whose edits are all in range.
		var valid []lint.Finding
		for _, fd := range findings {
			if !slices.ContainsFunc(fd.Fixes[0].Edits, func(e lint.Edit) bool { return e.End > len(src) }) {
				valid = append(valid, fd)
			}
		}
		want, wantN := naiveApply("Dockerfile", src, valid, false)
		if !bytes.Equal(got, want) || gotN != wantN {
			t.Fatalf("got %q (%d fixes), want %q (%d fixes)", got, gotN, want, wantN)
		}
	})
}
