package report

import (
	"bytes"
	"io"

	"github.com/ballast-dev/ballast/rules/lint"
)

// RDJSON writes reviewdog's Diagnostic Format (`reviewdog -f=rdjson`),
// one DiagnosticResult,
//
//	{"source":{"name":"ballast","url":"…"},"diagnostics":[{"message":"…",
//	  "location":{"path":"Dockerfile","range":{"start":{"line":5,"column":5},"end":{"line":5,"column":12}}},
//	  "severity":"WARNING","code":{"value":"BA201","url":"…"},
//	  "suggestions":[{"range":{…},"text":" --locked"}]}]}
//
// A finding's fix (safe, unsafe or shown for review: a reviewer applies a
// suggestion by hand) becomes suggestions, one per edit in the finding's
// file; edits of other files are left out, as reviewdog places a
// suggestion in the diagnostic's file. Columns count bytes, as reviewdog
// does. Severities: ERROR, WARNING, and INFO for info and style.
func RDJSON(w io.Writer, run *Run) error { return whole(NewRDJSON(w, run), run) }

// NewRDJSON renders as RDJSON does, unit by unit.
func NewRDJSON(w io.Writer, run *Run) Stream {
	return &elementStream{
		w: w, run: run,
		open: `{"source":{"name":"ballast","url":"https://github.com/ballast-dev/ballast"},"diagnostics":[`,
		sep:  ",",
		tail: "]}\n",
		element: func(buf *bytes.Buffer, u *Unit, f *lint.Finding) error {
			return compact(buf, rdjsonFinding(run, u, f))
		},
	}
}

func rdjsonFinding(run *Run, u *Unit, f *lint.Finding) rdDiagnostic {
	d := rdDiagnostic{
		Message:  f.Message,
		Location: rdLocation{Path: run.RelPath(f.File)},
		Severity: rdSeverity(f.Severity),
		Code:     rdCode{Value: Code(f)},
	}
	if f.Rule != nil {
		d.Code.URL = f.HelpURL()
	}
	if f.Start.Line > 0 {
		endLine, endCol := EndPosition(f)
		d.Location.Range = &rdRange{
			Start: rdPosition{Line: f.Start.Line, Column: columnOrOne(f)},
			End:   &rdPosition{Line: endLine, Column: max(endCol, 1)},
		}
	}
	src := u.Sources[f.File]
	for _, fx := range f.Fixes {
		for _, e := range fx.Edits {
			if (e.File != "" && e.File != f.File) || src == nil || e.End > len(src) {
				continue
			}
			sl, sc := positionAt(src, e.Start)
			el, ec := positionAt(src, e.End)
			d.Suggestions = append(d.Suggestions, rdSuggestion{
				Range: rdRange{Start: rdPosition{Line: sl, Column: sc}, End: &rdPosition{Line: el, Column: ec}},
				Text:  e.NewText,
			})
		}
		break // at most one fix per finding
	}
	return d
}

func rdSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "ERROR"
	case lint.Warning:
		return "WARNING"
	default:
	}
	return "INFO"
}

type rdDiagnostic struct {
	Message     string         `json:"message"`
	Location    rdLocation     `json:"location"`
	Severity    string         `json:"severity"`
	Code        rdCode         `json:"code"`
	Suggestions []rdSuggestion `json:"suggestions,omitempty"`
}

type rdLocation struct {
	Path  string   `json:"path"`
	Range *rdRange `json:"range,omitempty"`
}

type rdRange struct {
	Start rdPosition  `json:"start"`
	End   *rdPosition `json:"end,omitempty"`
}

type rdPosition struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}
