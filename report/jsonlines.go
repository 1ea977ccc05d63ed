package report

import (
	"bytes"
	"io"

	"github.com/ballast-dev/ballast/rules/lint"
)

// JSONLines writes one compact JSON object per finding and line, each the
// diagnostic object of the JSON report (same fields, byte columns): a
// file that grep, jq -c and line-oriented log shippers take as it comes.
// Nothing else is written: no summary, no errors (they go to stderr).
func JSONLines(w io.Writer, run *Run) error { return whole(NewJSONLines(w, run), run) }

// NewJSONLines renders as JSONLines does, unit by unit.
func NewJSONLines(w io.Writer, run *Run) Stream {
	return &elementStream{w: w, run: run, tail: "", sep: "", element: func(buf *bytes.Buffer, _ *Unit, f *lint.Finding) error {
		if err := compact(buf, jsonFinding(run, f)); err != nil {
			return err
		}
		buf.WriteByte('\n')
		return nil
	}}
}
