package report

import (
	"bytes"
	"io"
	"strconv"

	"github.com/ballast-dev/ballast/rules/lint"
)

// GNU writes one line per finding in the GNU coding standards' error
// format, the one compilers, Emacs' compilation mode and Vim's
// errorformat read,
//
//	Dockerfile:5:5: warning: uv sync runs without --locked or --frozen [BA201]
//
// with ballast's severity words (error, warning, info, style) and byte
// columns, as the text output. A finding about a whole file has no line
// and no column. Nothing else is written: no summary; input errors go to
// stderr. The format is also called concise.
func GNU(w io.Writer, run *Run) error { return whole(NewGNU(w, run), run) }

// NewGNU renders as GNU does, unit by unit.
func NewGNU(w io.Writer, run *Run) Stream {
	return &elementStream{w: w, run: run, element: func(buf *bytes.Buffer, _ *Unit, f *lint.Finding) error {
		buf.WriteString(escapeControl(run.RelPath(f.File)))
		if f.Start.Line > 0 {
			buf.WriteString(":" + strconv.Itoa(f.Start.Line) + ":" + strconv.Itoa(columnOrOne(f)))
		}
		buf.WriteString(": " + f.Severity.String() + ": " + escapeControl(f.Message))
		if code := Code(f); code != "" {
			buf.WriteString(" [" + code + "]")
		}
		buf.WriteByte('\n')
		return nil
	}}
}
