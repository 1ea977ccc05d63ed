package driver

import (
	"cmp"
	"go/token"
	"slices"

	"github.com/ballast-dev/ballast/rules/lint"
)

// ensureLines gives the files d points into their lines, if their parser
// did not (a uv.lock no rule had parsed).
func ensureLines(fset *token.FileSet, files []*lint.SourceFile, d *lint.Diagnostic) {
	for _, f := range files {
		if !f.NoLines {
			continue
		}
		in := func(p token.Pos) bool { return p.IsValid() && fset.File(p) == f.TF }
		found := in(d.Pos) || in(d.End)
		for _, sf := range d.SuggestedFixes {
			for _, e := range sf.TextEdits {
				found = found || in(e.Pos) || in(e.End)
			}
		}
		if found {
			f.EnsureLines()
		}
	}
}

// finding resolves a diagnostic's positions, severity and fixes; false
// when the finding is not to be shown (turned off, or skipped by the
// instruction's `# check=` comment), which for a rule with aliases still
// resolves it, to drop the alias's finding of the same problem with it.
func finding(fset *token.FileSet, sel *lint.Selection, r *lint.Rule, d *lint.Diagnostic) (lint.Finding, bool) {
	sev, ok := sel.Severity(r, d)
	if !ok && !sel.Merges(r) {
		return lint.Finding{}, false
	}
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	f := lint.Finding{Rule: r, Code: d.Code, Severity: sev, Message: d.Message, File: start.Filename, Start: start, End: end}
	safety := r.Fix
	if d.Fix != lint.NoFix {
		safety = d.Fix
	}
	for _, sf := range d.SuggestedFixes {
		fx := lint.Fix{Description: sf.Message, Safety: safety}
		for _, e := range sf.TextEdits {
			ps, pe := fset.Position(e.Pos), fset.Position(e.Pos)
			if e.End.IsValid() {
				pe = fset.Position(e.End)
			}
			fx.Edits = append(fx.Edits, lint.Edit{File: ps.Filename, Start: ps.Offset, End: pe.Offset, NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fx)
	}
	return f, ok
}

// SortFindings orders findings by file, offset, then code.
func SortFindings(fs []lint.Finding) {
	slices.SortStableFunc(fs, func(a, b lint.Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Start.Offset, b.Start.Offset),
			cmp.Compare(a.ID(), b.ID()),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Reported remembers the findings already reported on files that units
// share, so that a uv.lock or pyproject.toml read by two Dockerfiles'
// units shows each of its problems once. The zero value is ready to use.
type Reported struct {
	seen map[reportedKey]bool
}

type reportedKey struct {
	file, code, message string
	start, end          int
}

// New returns the findings no earlier unit reported on a file it shared;
// a unit's own Dockerfile is never shared. It may reuse fs's storage.
func (r *Reported) New(fs []lint.Finding, dockerfile string) []lint.Finding {
	out := fs[:0]
	var added []reportedKey
	for _, f := range fs {
		if f.File == dockerfile {
			out = append(out, f)
			continue
		}
		k := reportedKey{file: f.File, code: f.ID(), message: f.Message, start: f.Start.Offset, end: f.End.Offset}
		if r.seen[k] {
			continue
		}
		added = append(added, k)
		out = append(out, f)
	}
	if len(added) > 0 && r.seen == nil {
		r.seen = map[reportedKey]bool{}
	}
	for _, k := range added {
		r.seen[k] = true
	}
	return out
}
