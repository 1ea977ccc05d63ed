package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/ballast-dev/ballast/rules/lint"
)

// JSON writes the run as one indented JSON object, the format of
// `ballast check --format json`:
//
//	{
//	  "version": 1,
//	  "tool": {"name": "ballast", "version": "0.1.0"},
//	  "diagnostics": [
//	    {
//	      "code": "BA201",
//	      "name": "sync-not-locked",
//	      "severity": "warning",
//	      "message": "uv sync runs without --locked or --frozen",
//	      "file": "Dockerfile",
//	      "line": 5, "column": 8, "end_line": 5, "end_column": 15,
//	      "url": "https://github.com/ballast-dev/ballast/blob/main/rules/uv/ba201_sync_not_locked.md",
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
//	  "units": [{"file": "Dockerfile", "cost": {…}}],
//	  "files": ["Dockerfile", "uv.lock"],
//	  "errors": ["bad/Dockerfile:2: unterminated heredoc"],
//	  "summary": {"error": 0, "warning": 1, "info": 0, "style": 0}
//	}
//
// The fields:
//   - version: the version of this shape; it changes only when a field
//     changes meaning or goes away (new fields may be added).
//   - diagnostics come unit by unit in input order (a unit: a Dockerfile
//     with its lock, or a lock given alone), sorted by file and position
//     within a unit; they are written as each unit is done, which is why
//     files, errors and summary come last.
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
//     cost object of `ballast cost --format json` (see README); empty
//     unless `ballast check --cost` asked for it.
//
// Arrays are never null: no diagnostics, fixes, edits or errors is [].
func JSON(w io.Writer, run *Run) error {
	return whole(NewJSON(w, run), run)
}

// NewJSON renders as JSON does, unit by unit: a unit's diagnostics are
// written when it is given. Its cost object belongs to the units array,
// which follows the diagnostics: it waits, encoded, in a spool file (in
// memory when no temporary file can be made), so memory does not grow
// with the number of units.
func NewJSON(w io.Writer, run *Run) Stream {
	return &jsonStream{w: w, run: run, files: map[string]bool{}}
}

type jsonStream struct {
	w       io.Writer
	run     *Run
	started bool
	ndiags  int
	units   spool // the units' cost objects, one compact line each
	nunits  int
	files   map[string]bool
	tally   tally
	buf     bytes.Buffer
	line    bytes.Buffer
	err     error
}

// spool holds lines written now and read back once, at the end.
type spool struct {
	file *os.File
	mem  bytes.Buffer
}

func (s *spool) write(line []byte) error {
	if s.file == nil && s.mem.Len() == 0 {
		if f, err := os.CreateTemp("", "ballast-units-*"); err == nil {
			s.file = f
			// Unlinked at once where the system allows it, so an
			// interrupted run leaves nothing behind.
			_ = os.Remove(f.Name())
		}
	}
	if s.file != nil {
		_, err := s.file.Write(line)
		return err
	}
	_, err := s.mem.Write(line)
	return err
}

// reader rewinds the spool for reading.
func (s *spool) reader() (io.Reader, error) {
	if s.file == nil {
		return &s.mem, nil
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return s.file, nil
}

func (s *spool) close() {
	if s.file != nil {
		_ = s.file.Close()
		_ = os.Remove(s.file.Name()) // where it could not be unlinked open
		s.file = nil
	}
}

// Indentation of the array elements: two levels of two spaces.
const jsonElemIndent = "    "

func (j *jsonStream) start() {
	if j.started {
		return
	}
	j.started = true
	// As json.Marshal writes it (HTML escaped), indented.
	w := indentedJSON{b: j.buf.AvailableBuffer(), prefix: "  ", escapeHTML: true}
	w.b = append(w.b, "{\n  \"version\": 1,\n  \"tool\": "...)
	w.tool(jsonTool{Name: "ballast", Version: j.run.Version})
	w.b = append(w.b, ",\n  \"diagnostics\": ["...)
	j.buf.Write(w.b)
}

// copyUnits writes the spooled units, indented as array elements.
func (j *jsonStream) copyUnits() error {
	if j.nunits == 0 {
		return nil
	}
	r, err := j.units.reader()
	if err != nil {
		return fmt.Errorf("reading the spooled costs: %w", err)
	}
	br := bufio.NewReader(r)
	for i := range j.nunits {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return fmt.Errorf("reading the spooled costs: %w", err)
		}
		if i > 0 {
			j.buf.WriteByte(',')
		}
		j.buf.WriteString("\n" + jsonElemIndent)
		if err := json.Indent(&j.buf, bytes.TrimSuffix(line, []byte("\n")), jsonElemIndent, "  "); err != nil {
			return err
		}
		// Written as it goes: the units together may be large.
		if j.buf.Len() > 64<<10 {
			if _, err := j.w.Write(j.buf.Bytes()); err != nil {
				return err
			}
			j.buf.Reset()
		}
	}
	return nil
}

func (j *jsonStream) Unit(u *Unit) error {
	if j.err != nil {
		return j.err
	}
	j.buf.Reset()
	j.start()
	for path := range u.Sources {
		j.files[j.run.RelPath(path)] = true
	}
	for i := range u.Findings {
		f := &u.Findings[i]
		j.tally.add(f)
		w := indentedJSON{b: j.buf.AvailableBuffer(), prefix: jsonElemIndent}
		if j.ndiags > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, "\n"+jsonElemIndent...)
		d := jsonFinding(j.run, f)
		w.diagnostic(&d)
		j.buf.Write(w.b)
		j.ndiags++
	}
	for _, c := range u.Costs {
		j.line.Reset()
		enc := json.NewEncoder(&j.line)
		enc.SetEscapeHTML(false)
		err := enc.Encode(c) // one line: Encode ends it with a newline
		if err == nil {
			err = j.units.write(j.line.Bytes())
		}
		if err != nil {
			j.err = fmt.Errorf("spooling the cost of %s: %w", c.File, err)
			return j.err
		}
		j.nunits++
	}
	_, j.err = j.w.Write(j.buf.Bytes())
	return j.err
}

func (j *jsonStream) Finish(errs []error) error {
	defer j.units.close()
	if j.err != nil {
		return j.err
	}
	j.buf.Reset()
	j.start()
	closeArray := func(n int) {
		if n > 0 {
			j.buf.WriteString("\n  ")
		}
		j.buf.WriteString("]")
	}
	closeArray(j.ndiags)
	j.buf.WriteString(",\n  \"units\": [")
	if err := j.copyUnits(); err != nil {
		return err
	}
	closeArray(j.nunits)
	files := slices.Sorted(maps.Keys(j.files))
	if files == nil {
		files = []string{} // arrays are never null
	}
	messages := make([]string, 0, len(errs))
	for _, err := range errs {
		if err != nil {
			messages = append(messages, err.Error())
		}
	}
	w := indentedJSON{b: j.buf.AvailableBuffer(), prefix: "  "}
	w.b = append(w.b, ",\n  \"files\": "...)
	w.strs(files)
	w.b = append(w.b, ",\n  \"errors\": "...)
	w.strs(messages)
	w.b = append(w.b, ",\n  \"summary\": "...)
	w.counts(j.tally.counts)
	j.buf.Write(w.b)
	j.buf.WriteString("\n}\n")
	_, err := j.w.Write(j.buf.Bytes())
	return err
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
		Aliases:   f.Aliases,
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

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// The report's objects. indentedJSON writes their fields in this order,
// under these tags, as encoding/json would (TestIndentedJSONMatchesEncodingJSON).
type jsonDiagnostic struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	// Aliases are the other codes of the same problem (BuildKit's or
	// hadolint's), when both found it.
	Aliases   []string  `json:"aliases,omitempty"`
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
