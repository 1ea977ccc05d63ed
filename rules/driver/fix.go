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
	type edit struct {
		lint.Edit
		order int
	}
	var taken []edit
	applied := 0
	for i, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		fx := f.Fixes[0]
		if fx.Safety == lint.DisplayOnly || fx.Safety == lint.NoFix || (fx.Safety == lint.UnsafeFix && !unsafe) {
			continue
		}
		var mine []edit
		ok := true
		for _, e := range fx.Edits {
			if e.File != file {
				continue
			}
			if e.Start < 0 || e.End < e.Start || e.End > len(src) {
				ok = false
				break
			}
			mine = append(mine, edit{e, i})
		}
		if !ok || len(mine) == 0 {
			continue
		}
		if slices.ContainsFunc(mine, func(m edit) bool {
			return slices.ContainsFunc(taken, func(t edit) bool { return overlaps(m.Edit, t.Edit) })
		}) {
			continue
		}
		taken = append(taken, mine...)
		applied++
	}
	slices.SortStableFunc(taken, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.order, b.order))
	})
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

// overlaps reports whether two edits touch the same bytes; two insertions
// at one offset overlap too, since their order would be arbitrary.
func overlaps(a, b lint.Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End || (a.Start == a.End && a.Start > b.Start && a.Start < b.End) || (b.Start == b.End && b.Start > a.Start && b.Start < a.End)
}
