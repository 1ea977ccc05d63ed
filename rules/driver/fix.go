package driver

import (
	"cmp"
	"slices"

	"github.com/ballast-dev/ballast/rules/lint"
)

// ApplyFixes applies to src (the content of file) the first fix of every
// finding whose safety allows it: safe fixes always, unsafe ones when unsafe
// is set, display-only ones never. A fix whose edits overlap an edit already
// taken is left for a later run, as go/analysis drivers do. It returns the
// new content and how many fixes it applied.
func ApplyFixes(file string, src []byte, findings []lint.Finding, unsafe bool) ([]byte, int) {
	// taken is kept sorted by offset and free of overlaps, so a new edit
	// is checked against its neighbours only: findings come in file order,
	// and most fixes append.
	var taken []lint.Edit
	var mine []lint.Edit
	applied := 0
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		fx := f.Fixes[0]
		if fx.Safety == lint.DisplayOnly || fx.Safety == lint.NoFix || (fx.Safety == lint.UnsafeFix && !unsafe) {
			continue
		}
		mine = mine[:0]
		ok := true
		for _, e := range fx.Edits {
			if e.File != file {
				continue
			}
			if e.Start < 0 || e.End < e.Start || e.End > len(src) {
				ok = false
				break
			}
			mine = append(mine, e)
		}
		if !ok || len(mine) == 0 {
			continue
		}
		slices.SortStableFunc(mine, compareEdits)
		if overlapping(mine) || slices.ContainsFunc(mine, func(m lint.Edit) bool { return collides(taken, m) }) {
			continue
		}
		for _, m := range mine {
			i, _ := slices.BinarySearchFunc(taken, m, compareEdits)
			taken = slices.Insert(taken, i, m)
		}
		applied++
	}
	out := make([]byte, 0, len(src))
	pos := 0
	for _, e := range taken {
		out = append(out, src[pos:e.Start]...)
		out = append(out, e.NewText...)
		pos = e.End
	}
	out = append(out, src[pos:]...)
	return out, applied
}

func compareEdits(a, b lint.Edit) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// overlapping reports whether edits sorted by offset overlap one another.
func overlapping(edits []lint.Edit) bool {
	for i := 1; i < len(edits); i++ {
		if overlaps(edits[i-1], edits[i]) {
			return true
		}
	}
	return false
}

// collides reports whether e overlaps an edit of taken (sorted by offset,
// free of overlaps). Only the edits around e's place can: before it, the
// edits that end after e starts, back to the first that ends at or before
// it; after it, those that start before e ends.
func collides(taken []lint.Edit, e lint.Edit) bool {
	i, _ := slices.BinarySearchFunc(taken, e, compareEdits)
	for j := i; j < len(taken) && taken[j].Start <= e.End; j++ {
		if overlaps(taken[j], e) {
			return true
		}
	}
	for j := i - 1; j >= 0; j-- {
		if overlaps(taken[j], e) {
			return true
		}
		if taken[j].End <= e.Start && taken[j].Start < e.Start {
			break
		}
	}
	return false
}

// overlaps reports whether two edits touch the same bytes; two insertions
// at one offset overlap too, since their order would be arbitrary.
func overlaps(a, b lint.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End || (a.Start == a.End && a.Start > b.Start && a.Start < b.End) || (b.Start == b.End && b.Start > a.Start && b.Start < a.End)
}
