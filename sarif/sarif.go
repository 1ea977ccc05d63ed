// Package sarif writes a run as a SARIF 2.1.0 log, shaped for GitHub code
// scanning: one run, full rule metadata for every rule the run checked,
// relative URIs under %SRCROOT%, UTF-16 columns, line-hash fingerprints
// that survive lines moving, GitHub's limits kept, and fixes for other
// SARIF consumers.
package sarif

import (
	"bytes"
	"compress/gzip"
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

	// FingerprintKey names ballast's fingerprint in partialFingerprints.
	// A key of its own: upload-sarif computes primaryLocationLineHash
	// itself and warns when a tool's value differs from its own.
	FingerprintKey = "ballast/v1"

	// MaxResults is GitHub's limit of results in a run: a run with more
	// is rejected whole.
	MaxResults = 25000
	// MaxCompressed is GitHub's limit of a gzip-compressed upload.
	MaxCompressed = 10_000_000
	// compressedReserve is room kept under MaxCompressed for what follows
	// the results (the rules with their docs, the notifications) and for
	// what the compressor still holds.
	compressedReserve = 1 << 20
)

// Options say what a log holds beyond the findings.
type Options struct {
	// Rules are the rules the run checked (the selection's): each is
	// listed in the tool's rules whether or not it fired, as GitHub
	// closes the alerts of a rule that a later run no longer lists.
	// Rules that fire without being listed (a tool's own codes, an
	// experimental check a file turns on) are added as they fire.
	Rules []*lint.Rule
	// Category is the run's automationDetails.id category: GitHub keeps
	// the alerts of each category apart (one per workflow or path).
	Category string
	// MaxResults and MaxCompressed bound the results written; zero means
	// GitHub's limits. Results past them are dropped with a notice.
	MaxResults, MaxCompressed int
	// Notify, when set, is told once, at the end, that results were
	// dropped (the log says so too).
	Notify func(msg string)
}

// Write writes run as an indented SARIF 2.1.0 log. The output depends only on
// run: the same input gives the same bytes.
//
// Regions count lines from 1 and columns in UTF-16 code units from 1
// (columnKind "utf16CodeUnits", GitHub's default), converted from the
// findings' byte columns using the file's text in run.Sources; a file
// missing from Sources keeps byte columns. Fix replacements address bytes
// (byteOffset/byteLength), which need no conversion.
func Write(w io.Writer, run *report.Run, opts Options) error {
	s := NewStream(w, run, opts)
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
func NewStream(w io.Writer, run *report.Run, opts Options) report.Stream {
	if opts.MaxResults <= 0 {
		opts.MaxResults = MaxResults
	}
	if opts.MaxCompressed <= 0 {
		opts.MaxCompressed = MaxCompressed
	}
	s := &stream{w: w, builder: newBuilder(run, opts), opts: opts}
	// The upload's size is measured as GitHub measures it, compressed;
	// the fastest level compresses least, so the estimate errs high.
	s.gz, _ = gzip.NewWriterLevel(&s.compressed, gzip.BestSpeed)
	return s
}

type stream struct {
	w        io.Writer
	builder  *builder
	opts     Options
	started  bool
	nresults int
	dropped  int
	buf      bytes.Buffer
	gz       *gzip.Writer
	// compressed counts the bytes the gzip stream of the output has
	// produced so far.
	compressed byteCounter
}

type byteCounter int

func (c *byteCounter) Write(p []byte) (int, error) {
	*c += byteCounter(len(p))
	return len(p), nil
}

// full reports whether one more result would break GitHub's limits.
func (s *stream) full() bool {
	return s.nresults >= s.opts.MaxResults || int(s.compressed)+compressedReserve > s.opts.MaxCompressed
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
		f := &u.Findings[i]
		if b.duplicate(f) {
			continue
		}
		if s.full() {
			s.dropped++
			continue
		}
		mark := s.buf.Len()
		if s.nresults > 0 {
			s.buf.WriteByte(',')
		}
		s.buf.WriteString("\n" + resultIndent)
		if err := enc.Encode(b.result(f)); err != nil {
			return fmt.Errorf("sarif: %w", err)
		}
		s.buf.Truncate(s.buf.Len() - 1) // Encode's newline
		s.nresults++
		_, _ = s.gz.Write(s.buf.Bytes()[mark:]) // writes to memory
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
	if s.dropped > 0 {
		msg := fmt.Sprintf("%d of %d results left out: GitHub code scanning rejects a run of more than %d results or an upload of more than %d bytes compressed; narrow the paths or the rules", s.dropped, s.dropped+s.nresults, s.opts.MaxResults, s.opts.MaxCompressed)
		s.builder.notices = append(s.builder.notices, msg)
		if s.opts.Notify != nil {
			s.opts.Notify(msg)
		}
	}
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
	opts       Options
	sources    map[string][]byte // the files of the unit being built
	rules      []*gosarif.ReportingDescriptor
	ruleIndex  map[string]int
	lineStarts map[string][]int
	// seen counts findings per file per (code, normalized line text), for
	// the occurrence part of the fingerprint.
	seen map[string]map[fingerprintKey]int
	// root is the run's root, when absolute, with symlinks resolved
	// (a relative root leaves paths as Run.RelPath makes them); real holds each
	// path's location relative to it (or absolute, outside it), and
	// claimed the display path whose findings a real file's are: a file
	// reached twice, through a symlink and directly, is reported once.
	root    string
	real    map[string]string
	claimed map[string]string
	// notices are warnings for the invocation (results left out).
	notices []string
}

type fingerprintKey struct{ code, line string }

func newBuilder(run *report.Run, opts Options) *builder {
	b := &builder{
		run:        run,
		opts:       opts,
		rules:      []*gosarif.ReportingDescriptor{},
		ruleIndex:  map[string]int{},
		lineStarts: map[string][]int{},
		seen:       map[string]map[fingerprintKey]int{},
		real:       map[string]string{},
		claimed:    map[string]string{},
	}
	if filepath.IsAbs(run.Root) {
		b.root = run.Root
		if r, err := filepath.EvalSymlinks(run.Root); err == nil {
			b.root = r
		}
	}
	for _, r := range opts.Rules {
		if _, ok := b.ruleIndex[r.Code]; !ok && r.Reports == nil {
			b.ruleIndex[r.Code] = len(b.rules)
			b.rules = append(b.rules, descriptor(r))
		}
	}
	return b
}

// duplicate reports whether f is in a file already reported under another
// path (a symlink to it, or it to a symlink).
func (b *builder) duplicate(f *lint.Finding) bool {
	if f.File == "" {
		return false
	}
	loc := b.location(f.File)
	first, ok := b.claimed[loc]
	if !ok {
		b.claimed[loc] = f.File
		return false
	}
	return first != f.File
}

// location is path relative to the resolved root, symlinks resolved, or
// the absolute resolved path when it lies outside the root.
func (b *builder) location(path string) string {
	if loc, ok := b.real[path]; ok {
		return loc
	}
	loc := b.run.RelPath(path)
	if b.root == "" {
		b.real[path] = loc
		return loc
	}
	if abs, err := filepath.Abs(path); err == nil {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		loc = abs
		if b.root != "" {
			if rel, err := filepath.Rel(b.root, abs); err == nil && !escapesRoot(rel) {
				loc = rel
			}
		}
	}
	b.real[path] = loc
	return loc
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
		if v, ok := semver(run.Version); ok {
			driver.SemanticVersion = new(v)
		}
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
	for _, msg := range b.notices {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, &gosarif.Notification{
			Level:   "warning",
			Message: &gosarif.Message{Text: new(msg)},
		})
	}

	sr := &gosarif.Run{
		Tool:        gosarif.Tool{Driver: driver},
		Invocations: []*gosarif.Invocation{inv},
		Results:     results,
		ColumnKind:  "utf16CodeUnits",
	}
	if filepath.IsAbs(b.root) {
		sr.OriginalUriBaseIDs = map[string]*gosarif.ArtifactLocation{
			SrcRoot: {URI: new(dirURI(b.root))},
		}
	}
	if b.opts.Category != "" {
		id := b.opts.Category
		if !strings.HasSuffix(id, "/") {
			// GitHub reads the category up to the last slash.
			id += "/"
		}
		sr.AutomationDetails = &gosarif.RunAutomationDetails{ID: new(id)}
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
		res.PartialFingerprints = map[string]any{FingerprintKey: b.fingerprint(f)}
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
		Properties:           gosarif.Properties{"tags": tags, "precision": precision(r), "problem.severity": problemSeverity(f.Severity)},
	}
}

func descriptor(r *lint.Rule) *gosarif.ReportingDescriptor {
	title, body := r.Title(), r.Body()
	full := plainText(firstParagraph(r))
	if full == "" {
		full = title
	}
	helpURL := r.HelpURL()
	// GitHub reads help.markdown and ignores helpUri, so the links go in
	// the markdown too: the rule's own doc in the repository, and the
	// upstream page of a rule ported from hadolint or BuildKit.
	md := "# " + title + "\n\n"
	if body != "" {
		md += body + "\n\n"
	}
	own := lint.DocsBase + r.DocPath()
	md += "[" + r.Code + " documentation](" + own + ")"
	if helpURL != own {
		md += " · [upstream](" + helpURL + ")"
	}

	tags := []string{}
	for _, t := range []string{r.Category, "ballast"} {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	props := gosarif.Properties{
		"precision":        precision(r),
		"problem.severity": problemSeverity(r.Severity),
	}
	if r.SecuritySeverity > 0 {
		if !slices.Contains(tags, "security") {
			tags = append(tags, "security")
		}
		props["security-severity"] = strconv.FormatFloat(r.SecuritySeverity, 'f', 1, 64)
	}
	props["tags"] = tags
	d := &gosarif.ReportingDescriptor{
		ID:                   r.Code,
		ShortDescription:     &gosarif.MultiformatMessageString{Text: new(truncate(title, maxDescription))},
		FullDescription:      &gosarif.MultiformatMessageString{Text: new(truncate(full, maxDescription))},
		DefaultConfiguration: &gosarif.ReportingConfiguration{Level: level(r.Severity)},
		HelpURI:              new(helpURL),
		Help:                 &gosarif.MultiformatMessageString{Text: new(strings.TrimSpace(r.Doc)), Markdown: new(md)},
		Properties:           props,
	}
	if r.Name != "" {
		d.Name = new(r.Name)
	}
	return d
}

// precision is how often the rule's findings are right, as GitHub ranks
// alerts: the default rules passed the precision review of the corpus
// sample; the others (pedantic, experimental) are less sure to matter.
func precision(r *lint.Rule) string {
	switch r.Status {
	case lint.Stable:
		return "high"
	case lint.Pedantic:
		return "medium"
	default:
		return "low"
	}
}

// problemSeverity is GitHub's problem.severity of a rule's default
// severity: error, warning or recommendation.
func problemSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	default:
		return "recommendation"
	}
}

// firstParagraph is the first paragraph of the rule's "## Why" section,
// or of its body when it has none.
func firstParagraph(r *lint.Rule) string {
	text := r.Section("Why")
	if text == "" {
		text = r.Body()
	}
	for para := range strings.SplitSeq(text, "\n\n") {
		if p := strings.TrimSpace(para); p != "" && !strings.HasPrefix(p, "#") && !strings.HasPrefix(p, "```") {
			return p
		}
	}
	return ""
}

// plainText strips the Markdown a doc paragraph uses (code spans,
// emphasis, links) and joins its lines: GitHub shows fullDescription
// as plain text.
func plainText(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		c := md[i]
		switch c {
		case '`':
			continue
		case '*', '_':
			// Emphasis markers, not a snake_case name's underscore.
			if c == '_' && i > 0 && i+1 < len(md) && isWord(md[i-1]) && isWord(md[i+1]) {
				b.WriteByte(c)
			}
			continue
		case '[':
			// [text](url) → text
			if end := strings.Index(md[i:], "]("); end > 0 {
				if close := strings.IndexByte(md[i+end:], ')'); close > 0 {
					b.WriteString(md[i+1 : i+end])
					i += end + close
					continue
				}
			}
		case '\n':
			c = ' '
		}
		b.WriteByte(c)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// semver is version as SemVer 2.0 (without Go's "v"), when it is one.
func semver(version string) (string, bool) {
	v := strings.TrimPrefix(version, "v")
	core, _, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return "", false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return "", false
		}
	}
	return v, true
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
	rel := b.location(path)
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
