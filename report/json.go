package report

import (
	"encoding/json"
	"io"
	"slices"

	"github.com/ballast-dev/ballast/rules/lint"
)

// JSON writes the run as one indented JSON object, the format of
// `ballast check --format json`:
//
//	{
//	  "version": 1,
//	  "tool": {"name": "ballast", "version": "0.1.0"},
//	  "files": ["Dockerfile", "uv.lock"],
//	  "diagnostics": [
//	    {
//	      "code": "BA201",
//	      "name": "sync-not-locked",
//	      "severity": "warning",
//	      "message": "uv sync runs without --locked or --frozen",
//	      "file": "Dockerfile",
//	      "line": 5, "column": 8, "end_line": 5, "end_column": 15,
//	      "url": "https://github.com/ballast-dev/ballast/blob/main/docs/rules.md#ba201",
//	      "fixable": true,
//	      "fixes": [
//	        {
//	          "description": "Add --locked",
//	          "safe": true,
//	          "edits": [{"file": "Dockerfile", "start": 61, "end": 61, "new_text": " --locked"}]
//	        }
//	      ]
//	    }
//	  ],
//	  "errors": ["bad/Dockerfile: unknown instruction FORM"],
//	  "summary": {"error": 0, "warning": 1, "info": 0, "style": 0},
//	  "units": [{"file": "Dockerfile", "cost": {…}}]
//	}
//
// The fields:
//   - version: the version of this shape; it changes only when a field
//     changes meaning or goes away (new fields may be added).
//   - files: every file the run read, sorted.
//   - paths (files, diagnostics[].file, edits[].file) are relative to the
//     project root when inside it, else as given on the command line.
//   - line and column are 1-based; columns count bytes of the line, as
//     go/token does (and as the text output does). end_line/end_column is
//     the position just after the flagged span.
//   - severity: "error", "warning", "info" or "style" (after config overrides).
//   - fixable: --fix or --unsafe-fixes can fix the finding.
//   - fixes[].safe: plain --fix applies the fix; a fix that is not safe needs
//     --unsafe-fixes, or is shown for review only (then fixable is false).
//   - edits[].start/end: the byte offsets [start, end) of the file that
//     new_text replaces.
//   - errors: input errors (unreadable or unparsable files), as text.
//   - summary: the number of diagnostics of each severity.
//   - units: per analyzed unit (a Dockerfile, or a lock given alone), the
//     cost object of `ballast cost --format json` (see README).
//
// Arrays are never null: no diagnostics, fixes, edits or errors is [].
func JSON(w io.Writer, run *Run) error {
	doc := jsonReport{
		Version:     1,
		Tool:        jsonTool{Name: "ballast", Version: run.Version},
		Files:       make([]string, 0, len(run.Sources)),
		Diagnostics: make([]jsonDiagnostic, 0, len(run.Findings)),
		Errors:      make([]string, 0, len(run.Errors)),
	}
	for path := range run.Sources {
		doc.Files = append(doc.Files, run.RelPath(path))
	}
	slices.Sort(doc.Files)
	doc.Files = slices.Compact(doc.Files)
	for i := range run.Findings {
		doc.Diagnostics = append(doc.Diagnostics, jsonFinding(run, &run.Findings[i]))
	}
	for _, err := range run.Errors {
		if err != nil {
			doc.Errors = append(doc.Errors, err.Error())
		}
	}
	doc.Summary = countSeverities(run.Findings)
	doc.Units = run.Units
	if doc.Units == nil {
		doc.Units = []UnitCost{}
	}

	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func jsonFinding(run *Run, f *lint.Finding) jsonDiagnostic {
	endLine, endCol := EndPosition(f)
	d := jsonDiagnostic{
		Code:      Code(f),
		Severity:  f.Severity.String(),
		Message:   f.Message,
		File:      run.RelPath(f.File),
		Line:      f.Start.Line,
		Column:    f.Start.Column,
		EndLine:   endLine,
		EndColumn: endCol,
		Fixable:   f.Fixable(),
		Fixes:     make([]jsonFix, 0, len(f.Fixes)),
	}
	if f.Rule != nil {
		d.Name = f.Rule.Name
		d.URL = f.HelpURL()
	}
	for _, fx := range f.Fixes {
		jf := jsonFix{
			Description: fx.Description,
			Safe:        fx.Safety == lint.SafeFix,
			Edits:       make([]jsonEdit, 0, len(fx.Edits)),
		}
		for _, e := range fx.Edits {
			file := e.File
			if file == "" {
				file = f.File
			}
			jf.Edits = append(jf.Edits, jsonEdit{File: run.RelPath(file), Start: e.Start, End: e.End, NewText: e.NewText})
		}
		d.Fixes = append(d.Fixes, jf)
	}
	return d
}

type jsonReport struct {
	Version     int              `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Files       []string         `json:"files"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Errors      []string         `json:"errors"`
	Summary     counts           `json:"summary"`
	Units       []UnitCost       `json:"units"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonDiagnostic struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	File      string    `json:"file"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"end_line"`
	EndColumn int       `json:"end_column"`
	URL       string    `json:"url"`
	Fixable   bool      `json:"fixable"`
	Fixes     []jsonFix `json:"fixes"`
}

type jsonFix struct {
	Description string     `json:"description"`
	Safe        bool       `json:"safe"`
	Edits       []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	File    string `json:"file"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	NewText string `json:"new_text"`
}
