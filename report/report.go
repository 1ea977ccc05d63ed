// Package report renders findings for people and for other programs: Text
// for a terminal or a log, JSON for scripts and editors. SARIF lives in the
// sibling package sarif, which takes the same Run.
//
// Renderers take findings as the driver resolved them: byte offsets and byte
// columns, as go/token counts them. Each renderer converts to the unit its
// format expects, never the driver.
//
// The cost of a unit is rendered here too (cost.go): the text table of
// `ballast cost` and the cost object of the JSON reports. Its shape,
// CostUnit, is defined here rather than beside the analysis that computes
// it because report imports only rules/lint and parser types; cmd/ballast
// copies rules/build's Cost into it.
package report

import (
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// Run is everything one invocation of the linter produced.
type Run struct {
	Findings []lint.Finding    // sorted already
	Errors   []error           // input errors
	Sources  map[string][]byte // file contents by path as in Finding.File
	Rules    []*lint.Rule      // the registry
	Root     string            // paths in output are made relative to Root when they are inside it (else kept)
	Version  string            // ballast version
	// Units holds the cost of each unit, for the JSON report; empty for
	// the other formats.
	Units []UnitCost
}

// UnitCost is the cost of one unit: its main file (the Dockerfile, or a
// lock given alone) and the cost object the cost analyzer renders.
type UnitCost struct {
	File string `json:"file"`
	Cost any    `json:"cost"`
}

// Options tune the text renderer.
type Options struct {
	// Color turns on ANSI colour. The caller decides (terminal, NO_COLOR,
	// --no-color); renderers never look at the environment.
	Color bool
}

// RelPath returns path relative to the run's Root when it lies inside Root,
// and path unchanged otherwise (or when Root is empty). A relative path and an
// absolute Root (or the reverse) are compared after resolving the relative one
// against the working directory.
func (r *Run) RelPath(path string) string {
	if r == nil || r.Root == "" || path == "" {
		return path
	}
	root, file := filepath.Clean(r.Root), filepath.Clean(path)
	if filepath.IsAbs(root) != filepath.IsAbs(file) {
		var err error
		if root, err = filepath.Abs(root); err != nil {
			return path
		}
		if file, err = filepath.Abs(file); err != nil {
			return path
		}
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// Code is the finding's code (its own, as SC2086, or its rule's), or ""
// for a finding without either.
func Code(f *lint.Finding) string { return f.ID() }

// EndPosition is the finding's end, or its start when the end is unset.
func EndPosition(f *lint.Finding) (line, column int) {
	if f.End.Line < 1 {
		return f.Start.Line, f.Start.Column
	}
	return f.End.Line, f.End.Column
}

// SafelyFixable reports whether plain --fix (without --unsafe-fixes) would
// fix the finding.
func SafelyFixable(f *lint.Finding) bool {
	for _, fx := range f.Fixes {
		if fx.Safety == lint.SafeFix {
			return true
		}
	}
	return false
}

// Stream renders a run unit by unit, as the driver emits them, so a
// report over thousands of files holds one unit at a time. The whole-run
// functions (Text, JSON) are a Stream given one Unit.
type Stream interface {
	// Unit renders one unit's findings.
	Unit(u *Unit) error
	// Finish writes what closes the report (the summary), given the
	// input errors of the run.
	Finish(errs []error) error
}

// Unit is what a renderer takes of one analyzed unit.
type Unit struct {
	Findings []lint.Finding    // sorted already
	Sources  map[string][]byte // file contents by path as in Finding.File
	Costs    []UnitCost        // for the JSON report
}

// whole renders a gathered run through a stream.
func whole(s Stream, run *Run) error {
	if len(run.Sources) > 0 || len(run.Findings) > 0 || len(run.Units) > 0 {
		if err := s.Unit(&Unit{Findings: run.Findings, Sources: run.Sources, Costs: run.Units}); err != nil {
			return err
		}
	}
	return s.Finish(run.Errors)
}

// counts tallies findings by severity; it is also the JSON summary.
type counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
	Style   int `json:"style"`
}

// tally is what a summary counts, gathered as units are rendered.
type tally struct {
	findings     int
	counts       counts
	safe, unsafe int // findings plain --fix fixes; findings only --unsafe-fixes does
}

func (t *tally) add(f *lint.Finding) {
	t.findings++
	switch f.Severity {
	case lint.Error:
		t.counts.Error++
	case lint.Warning:
		t.counts.Warning++
	case lint.Info:
		t.counts.Info++
	case lint.Style:
		t.counts.Style++
	default:
	}
	switch {
	case SafelyFixable(f):
		t.safe++
	case f.Fixable():
		t.unsafe++
	}
}
