// Package sarif writes a run as a SARIF 2.1.0 log, shaped for GitHub code
// scanning: one run, full rule metadata for the rules that fired, relative
// URIs under %SRCROOT%, UTF-16 columns, line-hash fingerprints that survive
// lines moving, and fixes for other SARIF consumers.
package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/lint"
)

const (
	// SchemaURI is the $schema written into every log.
	SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// InformationURI is the tool's home page.
	InformationURI = "https://github.com/ballast-dev/ballast"
	// SrcRoot is the uriBaseId of every relative artifact URI.
	SrcRoot = "%SRCROOT%"

	// GitHub rejects rule descriptions longer than this.
	maxDescription = 1024
)

// Write writes run as an indented SARIF 2.1.0 log. The output depends only on
// run: the same input gives the same bytes.
//
// Regions count lines from 1 and columns in UTF-16 code units from 1
// (columnKind "utf16CodeUnits", GitHub's default), converted from the
// findings' byte columns using the file's text in run.Sources; a file
// missing from Sources keeps byte columns. Fix replacements address bytes
// (byteOffset/byteLength), which need no conversion.
func Write(w io.Writer, run *report.Run) error {
	s := NewStream(w, run)
	if len(run.Findings) > 0 || len(run.Sources) > 0 {
		if err := s.Unit(&report.Unit{Findings: run.Findings, Sources: run.Sources}); err != nil {
			return err
		}
	}
	return s.Finish(run.Errors)
}

// NewStream renders as Write does, unit by unit: each unit's results are
// written when it is given, with its files' text at hand, and nothing of
// the unit is kept. The run's other members (the tool with the rules that
// fired, the invocation) follow the results, as only the last unit
// completes them.
func NewStream(w io.Writer, run *report.Run) report.Stream {
	return &stream{w: w, builder: newBuilder(run)}
}

type stream struct {
	w        io.Writer
	builder  *builder
	started  bool
	nresults int
	buf      bytes.Buffer
}

// Indentation of a result: report → runs → run → results.
const resultIndent = "        "

func (s *stream) start() {
	if !s.started {
		s.started = true
		fmt.Fprintf(&s.buf, "{\n  \"version\": %q,\n  \"$schema\": %q,\n  \"runs\": [\n    {\n      \"results\": [", gosarif.Version210, SchemaURI)
	}
}

func (s *stream) Unit(u *report.Unit) error {
	b := s.builder
	b.sources = u.Sources
	defer func() { b.sources = nil }()
	clear(b.lineStarts)
	s.buf.Reset()
	s.start()
	enc := json.NewEncoder(&s.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(resultIndent, "  ")
	for i := range u.Findings {
		if s.nresults > 0 {
			s.buf.WriteByte(',')
		}
		s.buf.WriteString("\n" + resultIndent)
		if err := enc.Encode(b.result(&u.Findings[i])); err != nil {
			return fmt.Errorf("sarif: %w", err)
		}
		s.buf.Truncate(s.buf.Len() - 1) // Encode's newline
		s.nresults++
	}
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

func (s *stream) Finish(errs []error) error {
	s.buf.Reset()
	s.start()
	if s.nresults > 0 {
		s.buf.WriteString("\n      ")
	}
	s.buf.WriteString("]")
	// The run's other members, as go-sarif writes them, after the results.
	run := s.builder.log(nil, errs).Runs[0]
	var rest bytes.Buffer
	enc := json.NewEncoder(&rest)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(run); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	members := strings.TrimSuffix(strings.TrimSpace(rest.String()), "}")
	members = strings.TrimPrefix(members, "{")
	members = strings.Replace(members, "\n      \"results\": null,", "", 1)
	s.buf.WriteString(",")
	s.buf.WriteString(strings.TrimRight(members, " \n"))
	s.buf.WriteString("\n    }\n  ]\n}\n")
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

type builder struct {
	run        *report.Run
	sources    map[string][]byte // the files of the unit being built
	rules      []*gosarif.ReportingDescriptor
	ruleIndex  map[string]int
	lineStarts map[string][]int
	// seen counts findings per file per (code, normalized line text), for
	// the occurrence part of the fingerprint.
	seen map[string]map[fingerprintKey]int
}

type fingerprintKey struct{ code, line string }

func newBuilder(run *report.Run) *builder {
	return &builder{
		run:        run,
		rules:      []*gosarif.ReportingDescriptor{},
		ruleIndex:  map[string]int{},
		lineStarts: map[string][]int{},
		seen:       map[string]map[fingerprintKey]int{},
	}
}

// log is the SARIF log of the results built, with the run's errors as
// notifications.
func (b *builder) log(results []*gosarif.Result, errs []error) *gosarif.Report {
	run := b.run
	driver := &gosarif.ToolComponent{
		Name:           "ballast",
		InformationURI: new(InformationURI),
		Rules:          b.rules,
	}
	if run.Version != "" {
		driver.Version = new(run.Version)
	}

	inv := &gosarif.Invocation{ExecutionSuccessful: new(true)}
	for _, err := range errs {
		if err == nil {
			continue
		}
		inv.ExecutionSuccessful = new(false)
		n := &gosarif.Notification{
			Level:   "error",
			Message: &gosarif.Message{Text: new(err.Error())},
		}
		if pe, ok := errors.AsType[*dockerfile.Error](err); ok && pe.Line > 0 {
			// A file that cannot be parsed at all has no findings: the
			// notification at least says where it stopped.
			n.Locations = []*gosarif.Location{{PhysicalLocation: &gosarif.PhysicalLocation{
				ArtifactLocation: b.artifact(pe.File),
				Region:           &gosarif.Region{StartLine: new(pe.Line)},
			}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}

	sr := &gosarif.Run{
		Tool:        gosarif.Tool{Driver: driver},
		Invocations: []*gosarif.Invocation{inv},
		Results:     results,
		ColumnKind:  "utf16CodeUnits",
	}
	if filepath.IsAbs(run.Root) {
		sr.OriginalUriBaseIDs = map[string]*gosarif.ArtifactLocation{
			SrcRoot: {URI: new(dirURI(run.Root))},
		}
	}
	return &gosarif.Report{
		Version: string(gosarif.Version210),
		Schema:  SchemaURI,
		Runs:    []*gosarif.Run{sr},
	}
}

func (b *builder) result(f *lint.Finding) *gosarif.Result {
	res := &gosarif.Result{
		Level:   new(level(f.Severity)),
		Message: gosarif.Message{Text: new(f.Message)},
	}
	if f.Rule != nil {
		res.RuleID = new(f.ID())
		res.RuleIndex = new(uint(b.ruleFor(f)))
	}
	if f.File != "" {
		res.Locations = []*gosarif.Location{{
			PhysicalLocation: &gosarif.PhysicalLocation{
				ArtifactLocation: b.artifact(f.File),
				Region:           b.region(f),
			},
		}}
		res.PartialFingerprints = map[string]any{"primaryLocationLineHash": b.fingerprint(f)}
	}
	for _, fx := range f.Fixes {
		res.Fixes = append(res.Fixes, b.fix(f, fx))
	}
	if len(f.Aliases) > 0 {
		// The other codes this problem is known by: a user who filters
		// alerts by the BuildKit or hadolint code still finds it.
		res.Properties = gosarif.Properties{"aliases": f.Aliases}
	}
	return res
}

// ruleFor returns the index of r in the driver's rules, adding it on first
// use so rules appear in order of first finding.
// A finding with its own code (SC2086) gets a descriptor of that code.
func (b *builder) ruleFor(f *lint.Finding) int {
	id := f.ID()
	if i, ok := b.ruleIndex[id]; ok {
		return i
	}
	i := len(b.rules)
	b.ruleIndex[id] = i
	if f.Code != "" {
		b.rules = append(b.rules, codeDescriptor(f))
	} else {
		b.rules = append(b.rules, descriptor(f.Rule))
	}
	return i
}

// codeDescriptor describes one code of a rule that reports many
// (ShellCheck's SC2086 under rule SC): its id is the code, its help the
// code's own page; its default level is that of its first finding, the
// tool's level for the code.
func codeDescriptor(f *lint.Finding) *gosarif.ReportingDescriptor {
	r := f.Rule
	helpURL := f.HelpURL()
	title := r.Name + " " + f.Code
	text := title + ", reported through ballast rule " + r.Code + ": " + r.Title()
	md := "# " + title + "\n\n" + text + "\n\n[" + f.Code + " documentation](" + helpURL + ")"
	tags := []string{}
	for _, t := range []string{r.Category, "ballast"} {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return &gosarif.ReportingDescriptor{
		ID:                   f.Code,
		Name:                 new(r.Name),
		ShortDescription:     &gosarif.MultiformatMessageString{Text: new(title)},
		FullDescription:      &gosarif.MultiformatMessageString{Text: new(text)},
		DefaultConfiguration: &gosarif.ReportingConfiguration{Level: level(f.Severity)},
		HelpURI:              new(helpURL),
		Help:                 &gosarif.MultiformatMessageString{Text: new(text), Markdown: new(md)},
		Properties:           gosarif.Properties{"tags": tags},
	}
}

func descriptor(r *lint.Rule) *gosarif.ReportingDescriptor {
	title, body := r.Title(), r.Body()
	full := body
	if full == "" {
		full = title
	}
	helpURL := r.HelpURL()
	// GitHub reads help.markdown and ignores helpUri, so the link goes in
	// the markdown too.
	md := "# " + title + "\n\n"
	if body != "" {
		md += body + "\n\n"
	}
	md += "[" + r.Code + " documentation](" + helpURL + ")"

	tags := []string{}
	for _, t := range []string{r.Category, "ballast"} {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	d := &gosarif.ReportingDescriptor{
		ID:                   r.Code,
		ShortDescription:     &gosarif.MultiformatMessageString{Text: new(truncate(title, maxDescription))},
		FullDescription:      &gosarif.MultiformatMessageString{Text: new(truncate(full, maxDescription))},
		DefaultConfiguration: &gosarif.ReportingConfiguration{Level: level(r.Severity)},
		HelpURI:              new(helpURL),
		Help:                 &gosarif.MultiformatMessageString{Text: new(strings.TrimSpace(r.Doc)), Markdown: new(md)},
		Properties:           gosarif.Properties{"tags": tags},
	}
	if r.Name != "" {
		d.Name = new(r.Name)
	}
	return d
}

// level maps a severity to a SARIF level; info and style are both "note".
func level(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	case lint.Info, lint.Style:
		return "note"
	default:
	}
	return "none"
}

// artifact locates path: relative to %SRCROOT% when it lies inside the root
// (or no root is set and it is relative), else as an absolute file URI.
func (b *builder) artifact(path string) *gosarif.ArtifactLocation {
	rel := b.run.RelPath(path)
	if !filepath.IsAbs(rel) && !escapesRoot(rel) {
		return &gosarif.ArtifactLocation{URI: new(relURI(rel)), URIBaseId: new(SrcRoot)}
	}
	abs, err := filepath.Abs(rel)
	if err != nil {
		return &gosarif.ArtifactLocation{URI: new(relURI(rel))}
	}
	return &gosarif.ArtifactLocation{URI: new(fileURI(abs))}
}

func escapesRoot(rel string) bool {
	rel = filepath.ToSlash(filepath.Clean(rel))
	return rel == ".." || strings.HasPrefix(rel, "../")
}

// relURI percent-encodes a relative path segment by segment. Colons are
// encoded too, so a first segment like "c:" never reads as a URI scheme.
func relURI(path string) string {
	segs := strings.Split(filepath.ToSlash(path), "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x → /C:/x
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// dirURI is the file URI of a directory, with the trailing slash SARIF
// requires of a base URI.
func dirURI(abs string) string {
	u := fileURI(filepath.Clean(abs))
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func (b *builder) region(f *lint.Finding) *gosarif.Region {
	if f.Start.Line < 1 {
		// A finding about the whole file: GitHub needs a region, so point
		// at the start.
		return &gosarif.Region{StartLine: new(1), StartColumn: new(1), EndLine: new(1), EndColumn: new(1)}
	}
	startLine, startCol := f.Start.Line, b.column(f.File, f.Start.Line, f.Start.Column)
	endLine, endByteCol := report.EndPosition(f)
	endCol := b.column(f.File, endLine, endByteCol)
	if endLine < startLine || (endLine == startLine && endCol < startCol) {
		endLine, endCol = startLine, startCol
	}
	return &gosarif.Region{StartLine: new(startLine), StartColumn: new(startCol), EndLine: new(endLine), EndColumn: new(endCol)}
}

// column converts a 1-based byte column of line to a 1-based UTF-16 column,
// using the file's text; without it, the byte column is kept.
func (b *builder) column(file string, line, byteCol int) int {
	byteCol = max(byteCol, 1)
	text, ok := b.lineText(file, line)
	if !ok {
		return byteCol
	}
	n := min(byteCol-1, len(text))
	return utf16Len(text[:n]) + 1 + (byteCol - 1 - n)
}

// lineText returns line (1-based) of file without its line terminator.
func (b *builder) lineText(file string, line int) (string, bool) {
	src, ok := b.sources[file]
	if !ok || line < 1 {
		return "", false
	}
	starts, ok := b.lineStarts[file]
	if !ok {
		starts = []int{0}
		for i, c := range src {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		b.lineStarts[file] = starts
	}
	if line > len(starts) {
		return "", false
	}
	end := len(src)
	if line < len(starts) {
		end = starts[line] - 1
	}
	text := src[starts[line-1]:end]
	text = bytes.TrimSuffix(text, []byte("\r"))
	if line == 1 {
		// Line 1's columns start after a byte order mark, as the
		// driver counts them.
		text = text[input.BOMLen(text):]
	}
	return string(text), true
}

// utf16Len counts UTF-16 code units; an invalid byte counts as one unit (it
// would be shown as U+FFFD).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// fingerprint hashes the rule code, the flagged line's text with surrounding
// space trimmed, and how many identical (code, line text) pairs came before
// in the same file. It ignores line numbers, so an alert keeps its identity
// when lines above it are added or removed. Without the file's text the
// message stands in for the line.
func (b *builder) fingerprint(f *lint.Finding) string {
	text, ok := b.lineText(f.File, f.Start.Line)
	if !ok {
		text = f.Message
	}
	key := fingerprintKey{code: report.Code(f), line: strings.TrimSpace(text)}
	perFile := b.seen[f.File]
	if perFile == nil {
		perFile = map[fingerprintKey]int{}
		b.seen[f.File] = perFile
	}
	occurrence := perFile[key]
	perFile[key]++

	h := sha256.New()
	h.Write([]byte(key.code))
	h.Write([]byte{0})
	h.Write([]byte(key.line))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(occurrence)))
	return hex.EncodeToString(h.Sum(nil))
}

func (b *builder) fix(f *lint.Finding, fx lint.Fix) *gosarif.Fix {
	out := &gosarif.Fix{
		Description:     &gosarif.Message{Text: new(fx.Description)},
		ArtifactChanges: []*gosarif.ArtifactChange{},
	}
	out.Properties = gosarif.Properties{"safety": fx.Safety.String()}
	byFile := map[string]*gosarif.ArtifactChange{}
	for _, e := range fx.Edits {
		file := e.File
		if file == "" {
			file = f.File
		}
		change := byFile[file]
		if change == nil {
			change = &gosarif.ArtifactChange{ArtifactLocation: *b.artifact(file), Replacements: []*gosarif.Replacement{}}
			byFile[file] = change
			out.ArtifactChanges = append(out.ArtifactChanges, change)
		}
		r := &gosarif.Replacement{DeletedRegion: gosarif.Region{ByteOffset: new(e.Start), ByteLength: new(max(e.End-e.Start, 0))}}
		if e.NewText != "" {
			r.InsertedContent = &gosarif.ArtifactContent{Text: new(e.NewText)}
		}
		change.Replacements = append(change.Replacements, r)
	}
	return out
}

// truncate cuts s to at most n characters, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return strings.TrimSpace(string(runes[:n-1])) + "…"
}
