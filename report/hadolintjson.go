package report

import (
	"bytes"
	"io"

	"github.com/ballast-dev/ballast/rules/lint"
)

// HadolintJSON writes the shape of `hadolint -f json`, one compact array
// on one line,
//
//	[{"code":"DL3008","column":5,"file":"Dockerfile","level":"warning","line":4,"message":"…"}]
//
// with hadolint's keys in hadolint's (sorted) order and its levels error,
// warning, info and style, so that the editor plugins that run hadolint
// (nvim-lint, ALE, efm-langserver) read ballast in its place. hadolint
// puts every rule finding at column 1; ballast gives the finding's byte
// column, which those plugins take as they take hadolint's parse errors'.
// Input errors are not in the array; they go to stderr.
func HadolintJSON(w io.Writer, run *Run) error { return whole(NewHadolintJSON(w, run), run) }

// NewHadolintJSON renders as HadolintJSON does, unit by unit.
func NewHadolintJSON(w io.Writer, run *Run) Stream {
	return &elementStream{w: w, run: run, open: "[", sep: ",", tail: "]\n", element: func(buf *bytes.Buffer, _ *Unit, f *lint.Finding) error {
		return compact(buf, hadolintFinding{
			Code:    Code(f),
			Column:  columnOrOne(f),
			File:    run.RelPath(f.File),
			Level:   f.Severity.String(),
			Line:    lineOrOne(f),
			Message: f.Message,
		})
	}}
}

// hadolintFinding is hadolint's JSON object (src/Hadolint/Formatter/Json.hs).
type hadolintFinding struct {
	Code    string `json:"code"`
	Column  int    `json:"column"`
	File    string `json:"file"`
	Level   string `json:"level"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}
