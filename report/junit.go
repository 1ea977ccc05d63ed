package report

import (
	"bytes"
	"io"
	"strconv"

	"github.com/ballast-dev/ballast/rules/lint"
)

// JUnit writes a JUnit XML report, which GitLab (`artifacts: reports:
// junit:`), Jenkins, Azure Pipelines and the test-report actions of GitHub
// show as test results: one test suite per file, one failed test case per
// finding (named by code and position, so the list reads like the text
// output), and one passing test case for a file without findings, so a
// clean file shows as passed rather than missing,
//
//	<testsuites name="ballast">
//	  <testsuite name="Dockerfile" tests="1" failures="1" errors="0" skipped="0">
//	    <testcase name="BA201 at 5:5" classname="Dockerfile" file="Dockerfile" line="5">
//	      <failure message="uv sync runs without --locked or --frozen" type="warning">Dockerfile:5:5: BA201 …</failure>
//	    </testcase>
//	  </testsuite>
//	</testsuites>
//
// Columns count bytes.
func JUnit(w io.Writer, run *Run) error { return whole(NewJUnit(w, run), run) }

// NewJUnit renders as JUnit does, unit by unit.
func NewJUnit(w io.Writer, run *Run) Stream {
	return &fileStream{
		w: w, run: run,
		open: xmlHeader + `<testsuites name="ballast">` + "\n",
		tail: "</testsuites>\n",
		file: func(buf *bytes.Buffer, path string, _ []byte, findings []lint.Finding) {
			tests := max(len(findings), 1)
			buf.WriteString("  <testsuite")
			attr(buf, "name", path)
			attr(buf, "tests", strconv.Itoa(tests))
			attr(buf, "failures", strconv.Itoa(len(findings)))
			buf.WriteString(` errors="0" skipped="0">` + "\n")
			if len(findings) == 0 {
				buf.WriteString("    <testcase")
				attr(buf, "name", "ballast")
				attr(buf, "classname", path)
				attr(buf, "file", path)
				buf.WriteString("></testcase>\n")
			}
			for i := range findings {
				f := &findings[i]
				pos := strconv.Itoa(lineOrOne(f)) + ":" + strconv.Itoa(columnOrOne(f))
				buf.WriteString("    <testcase")
				attr(buf, "name", Code(f)+" at "+pos)
				attr(buf, "classname", path)
				attr(buf, "file", path)
				attr(buf, "line", strconv.Itoa(lineOrOne(f)))
				buf.WriteString(">\n      <failure")
				attr(buf, "message", f.Message)
				attr(buf, "type", f.Severity.String())
				buf.WriteString(">")
				text(buf, path+":"+pos+": "+Code(f)+" "+f.Message)
				buf.WriteString("</failure>\n    </testcase>\n")
			}
			buf.WriteString("  </testsuite>\n")
		},
	}
}
