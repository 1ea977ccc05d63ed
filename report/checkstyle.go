package report

import (
	"bytes"
	"io"
	"strconv"

	"github.com/ballast-dev/ballast/rules/lint"
)

// Checkstyle writes Checkstyle's XML report, which reviewdog
// (-f=checkstyle), Jenkins' warnings-ng and most code-review bots read,
//
//	<checkstyle version="4.3">
//	  <file name="Dockerfile">
//	    <error line="5" column="5" severity="warning" message="…" source="BA201"></error>
//	  </file>
//	</checkstyle>
//
// Severities: error, warning, and info for info and style. Columns count
// bytes, as reviewdog's do. A file is written when its unit is done, so a
// lock shared by two Dockerfiles may appear twice; a file without
// findings is listed empty, which readers count as checked.
func Checkstyle(w io.Writer, run *Run) error { return whole(NewCheckstyle(w, run), run) }

// NewCheckstyle renders as Checkstyle does, unit by unit.
func NewCheckstyle(w io.Writer, run *Run) Stream {
	return &fileStream{
		w: w, run: run,
		open: xmlHeader + `<checkstyle version="4.3">` + "\n",
		tail: "</checkstyle>\n",
		file: func(buf *bytes.Buffer, path string, _ []byte, findings []lint.Finding) {
			buf.WriteString("  <file")
			attr(buf, "name", path)
			buf.WriteString(">\n")
			for i := range findings {
				f := &findings[i]
				buf.WriteString("    <error")
				attr(buf, "line", strconv.Itoa(lineOrOne(f)))
				attr(buf, "column", strconv.Itoa(columnOrOne(f)))
				attr(buf, "severity", checkstyleSeverity(f.Severity))
				attr(buf, "message", f.Message)
				attr(buf, "source", Code(f))
				buf.WriteString("></error>\n")
			}
			buf.WriteString("  </file>\n")
		},
	}
}

func checkstyleSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	default:
	}
	return "info"
}
