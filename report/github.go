package report

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// GitHub writes GitHub Actions workflow commands, one per finding,
//
//	::warning file=Dockerfile,line=5,col=5,endLine=5,endColumn=12,title=BA201 sync-not-locked::uv sync runs without --locked or --frozen
//
// which the runner turns into annotations on the pull request's diff.
// error and warning keep their level; info and style become notice.
// Columns count UTF-16 code units, as the runner (JavaScript) and the web
// view count characters. The message is escaped as the runner unescapes
// it (% \r \n), properties also , and :, so no finding can end its
// command early or issue another.
func GitHub(w io.Writer, run *Run) error { return whole(NewGitHub(w, run), run) }

// NewGitHub renders as GitHub does, unit by unit.
func NewGitHub(w io.Writer, run *Run) Stream {
	return &elementStream{w: w, run: run, element: func(buf *bytes.Buffer, u *Unit, f *lint.Finding) error {
		level := "notice"
		switch f.Severity {
		case lint.Error:
			level = "error"
		case lint.Warning:
			level = "warning"
		default:
		}
		buf.WriteString("::" + level + " file=" + escapeProperty(run.RelPath(f.File)))
		if f.Start.Line > 0 {
			src := u.Sources[f.File]
			endLine, _ := EndPosition(f)
			end := f.End
			if end.Line < 1 {
				end = f.Start
			}
			buf.WriteString(",line=" + strconv.Itoa(f.Start.Line))
			buf.WriteString(",col=" + strconv.Itoa(utf16Column(src, f.Start)))
			buf.WriteString(",endLine=" + strconv.Itoa(endLine))
			buf.WriteString(",endColumn=" + strconv.Itoa(utf16Column(src, end)))
		}
		title := Code(f)
		if f.Rule != nil && f.Rule.Name != "" && f.Rule.Name != title {
			title += " " + f.Rule.Name
		}
		buf.WriteString(",title=" + escapeProperty(title))
		buf.WriteString("::" + escapeData(f.Message) + "\n")
		return nil
	}}
}

// escapeData escapes a workflow command's message as the runner's
// toolkit does (@actions/core escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value
// (@actions/core escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
