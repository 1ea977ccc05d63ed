// Package lsp serves ballast's findings to editors over the Language
// Server Protocol: diagnostics as the user types and saves, the fixes as
// code actions, the rule's doc on hover.
package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/rules/lint"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// Checker lints the document at path as `ballast check` does: a
// Dockerfile's text as the editor holds it (`--stdin-filename path -`),
// where the path finds the configuration and the lock beside it; a
// uv.lock or pyproject.toml as saved on disk (`ballast check path`), as
// the rules that read it compare it with the files around it.
type Checker func(path string, src []byte) (Report, error)

// Report is what one check found and what it depends on.
type Report struct {
	// Findings are the check's findings in every file; the server keeps
	// the document's own.
	Findings []lint.Finding
	// Text, when set, is the document's text the findings' offsets refer
	// to, read from disk (a lock or pyproject.toml); nil means the
	// editor's text that was checked.
	Text []byte
	// Errors are what kept part of the check from running (an invalid
	// configuration or lock): shown on the document's first line.
	Errors []error
	// Watch lists the files, existing or not, whose change on disk can
	// change the findings: the configuration's candidates, the lock and
	// pyproject.toml, .dockerignore.
	Watch []string
}

// Options tune a server.
type Options struct {
	// Debounce is how long typing must pause before a changed document is
	// checked again; opening and saving check at once.
	Debounce time.Duration
	// Poll is how often the files a document depends on are looked at for
	// changes made outside the editor (`uv lock` in a terminal, a
	// checkout); 0 means DefaultPoll, a negative value never. Editors that
	// watch files for the server (workspace/didChangeWatchedFiles) are
	// heard at once as well.
	Poll time.Duration
	// Log receives what the server cannot tell the editor (a failed check);
	// nil discards it.
	Log io.Writer
}

// DefaultPoll looks at a few files' size and time once a second: an
// edit of the configuration shows before the user is back in the
// Dockerfile, at a cost of microseconds.
const DefaultPoll = time.Second

// DefaultDebounce keeps checks off the keystrokes of a fast typist while
// feeling immediate: a check of a 100-line Dockerfile takes a few ms.
const DefaultDebounce = 150 * time.Millisecond

// document is one open file: its text as the editor holds it, and the
// findings of the last check of that text.
type document struct {
	path     string
	text     []byte
	version  int32
	findings []lint.Finding
	errors   []error
	checked  []byte // the text findings were computed from
	// fromDisk is set once a check said it reads the document from disk:
	// typing in it then checks nothing until it is saved.
	fromDisk bool
	// watch is what the last check depends on, with each file's state
	// when it was read.
	watch map[string]stamp
	// due is set from the moment a check is scheduled until one ends:
	// the poll does not ask again for what is under way.
	due bool
	// gen counts the text's changes, so that a check of an older text
	// does not overwrite a newer one's findings.
	gen   int
	timer *time.Timer
}

// server is the state of one connection.
type server struct {
	check Checker
	opts  Options
	conn  jsonrpc2.Conn

	mu   sync.Mutex
	docs map[protocol.DocumentURI]*document
	// checks counts checks in flight, so that exit waits for them.
	checks sync.WaitGroup
	// exited is closed on the exit notification: standard input stays
	// open after it, so the connection's end cannot be waited for.
	exited   chan struct{}
	exitOnce sync.Once
	// watchFiles is set when the editor offered to watch files for the
	// server (dynamic registration of workspace/didChangeWatchedFiles).
	watchFiles bool
	// closing is set once the server is ending: no check is scheduled
	// after the last ones are waited for.
	closing bool
	// seed keys the hashes of watched files' contents.
	seed maphash.Seed
}

// Serve runs a language server on rwc (the editor's pipe: stdin and
// stdout) until the editor sends exit or closes it.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, check Checker, opts Options) error {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Poll == 0 {
		opts.Poll = DefaultPoll
	}
	s := &server{check: check, opts: opts, docs: map[protocol.DocumentURI]*document{}, exited: make(chan struct{}), seed: maphash.MakeSeed()}
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	s.conn.Go(ctx, s.handle)
	stopPoll, polling := make(chan struct{}), sync.WaitGroup{}
	if opts.Poll > 0 {
		polling.Go(func() { s.poll(opts.Poll, stopPoll) })
	}
	// finish runs the checks still waiting and waits for them; nothing
	// schedules a check after it starts.
	finish := func() {
		close(stopPoll)
		polling.Wait()
		s.mu.Lock()
		s.closing = true
		s.mu.Unlock()
		s.flush()
		s.checks.Wait()
	}
	select {
	case <-s.conn.Done():
	case <-s.exited:
		finish()
		_ = s.conn.Close()
		return nil
	}
	finish()
	if err := s.conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) && !strings.Contains(err.Error(), "closed") {
		return fmt.Errorf("language server connection: %w", err)
	}
	return nil
}

// handle answers one request or notification. The connection calls it
// from its read loop, so checks run on their own goroutines.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodInitialize:
		var p protocol.InitializeParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		if w := p.Capabilities.Workspace; w != nil && w.DidChangeWatchedFiles != nil && w.DidChangeWatchedFiles.DynamicRegistration {
			s.mu.Lock()
			s.watchFiles = true
			s.mu.Unlock()
		}
		return reply(ctx, initializeResult(), nil)
	case protocol.MethodInitialized:
		s.registerWatchers()
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		var p protocol.DidChangeWatchedFilesParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		for _, c := range p.Changes {
			s.changedOnDisk(c.URI.Filename())
		}
		return reply(ctx, nil, nil)
	case protocol.MethodWorkspaceDidChangeConfiguration, protocol.MethodTextDocumentWillSave:
		return reply(ctx, nil, nil)
	case protocol.MethodShutdown:
		// An editor that quits right after a keystroke still gets that
		// text's diagnostics before it is told the server is done; no
		// check starts after that.
		s.mu.Lock()
		s.closing = true
		s.mu.Unlock()
		s.flush()
		s.checks.Wait()
		return reply(ctx, nil, nil)
	case protocol.MethodExit:
		s.exitOnce.Do(func() { close(s.exited) })
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		s.open(p.TextDocument.URI, []byte(p.TextDocument.Text), p.TextDocument.Version)
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentDidChange:
		var p protocol.DidChangeTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		if n := len(p.ContentChanges); n > 0 {
			// Full sync: the last change holds the whole text.
			s.change(p.TextDocument.URI, []byte(p.ContentChanges[n-1].Text), p.TextDocument.Version)
		}
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		s.save(p.TextDocument.URI, p.Text)
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		s.close(ctx, p.TextDocument.URI)
		return reply(ctx, nil, nil)
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		s.fresh(p.TextDocument.URI)
		return reply(ctx, s.codeActions(p), nil)
	case protocol.MethodTextDocumentHover:
		var p protocol.HoverParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return replyParseError(ctx, reply, err)
		}
		s.fresh(p.TextDocument.URI)
		return reply(ctx, s.hover(p), nil)
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, reply, req)
}

func replyParseError(ctx context.Context, reply jsonrpc2.Replier, err error) error {
	return reply(ctx, nil, fmt.Errorf("%w: %w", jsonrpc2.ErrInvalidParams, err))
}

// initializeResult says what ballast serves: whole-text sync (Dockerfiles
// are small), the saved text with didSave, code actions and hover.
func initializeResult() *protocol.InitializeResult {
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindFull,
				Save:      &protocol.SaveOptions{IncludeText: true},
			},
			CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, UnsafeFixKind}},
			HoverProvider:      true,
		},
		ServerInfo: &protocol.ServerInfo{Name: "ballast"},
	}
}

// UnsafeFixKind is the code action kind of a fix that may change the
// build's behaviour (what `--unsafe-fixes` applies): editors that apply
// every "quickfix" on save must not apply it unasked.
const UnsafeFixKind protocol.CodeActionKind = "quickfix.unsafe"

func (s *server) open(u protocol.DocumentURI, text []byte, version int32) {
	s.mu.Lock()
	d := &document{path: u.Filename(), text: text, version: version}
	s.docs[u] = d
	s.mu.Unlock()
	s.schedule(u, 0)
}

func (s *server) change(u protocol.DocumentURI, text []byte, version int32) {
	s.mu.Lock()
	d, ok := s.docs[u]
	fromDisk := ok && d.fromDisk
	if ok {
		d.text, d.version = text, version
		d.gen++
	}
	s.mu.Unlock()
	if ok && !fromDisk {
		s.schedule(u, s.opts.Debounce)
	}
}

func (s *server) save(u protocol.DocumentURI, text string) {
	s.mu.Lock()
	d, ok := s.docs[u]
	if ok && text != "" {
		d.text = []byte(text)
		d.gen++
	}
	s.mu.Unlock()
	if ok {
		s.schedule(u, 0)
		// The saved file may be another document's configuration or lock.
		s.changedOnDisk(u.Filename())
	}
}

func (s *server) close(ctx context.Context, u protocol.DocumentURI) {
	s.mu.Lock()
	if d, ok := s.docs[u]; ok && d.timer != nil {
		d.timer.Stop()
	}
	delete(s.docs, u)
	s.mu.Unlock()
	// A closed document's diagnostics are cleared, as the protocol asks.
	_ = s.conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
}

// schedule checks the document after delay, replacing a check still
// waiting: only the text after the last keystroke is checked.
func (s *server) schedule(u protocol.DocumentURI, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[u]
	if !ok || s.closing {
		return
	}
	if d.timer != nil && d.timer.Stop() {
		s.checks.Done()
	}
	s.checks.Add(1)
	d.due = true
	d.timer = time.AfterFunc(delay, func() {
		defer s.checks.Done()
		s.run(u)
	})
}

// flush runs at once the checks still waiting for their debounce.
func (s *server) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for u, d := range s.docs {
		if d.timer != nil && d.timer.Stop() {
			go func() {
				defer s.checks.Done()
				s.run(u)
			}()
		}
	}
}

// run checks the document's current text and publishes the findings,
// unless the text changed meanwhile (a newer check is then scheduled).
func (s *server) run(u protocol.DocumentURI) {
	s.mu.Lock()
	d, ok := s.docs[u]
	if !ok {
		s.mu.Unlock()
		return
	}
	path, text, version, gen := d.path, d.text, d.version, d.gen
	before := d.watch
	s.mu.Unlock()

	// What the files were before the check read them: a change made
	// while it runs is seen by the next look.
	stamps := make(map[string]stamp, len(before))
	for p := range before {
		stamps[p] = s.stampOf(p)
	}
	rep, err := s.check(path, text)
	if err != nil {
		rep.Errors = append(rep.Errors, err)
	}
	for _, p := range rep.Watch {
		if _, ok := stamps[p]; !ok {
			stamps[p] = s.stampOf(p)
		}
	}
	for p := range stamps {
		if !slices.Contains(rep.Watch, p) {
			delete(stamps, p)
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(s.opts.Log, "ballast lsp: %s: %v\n", path, e)
	}
	s.mu.Lock()
	if d, ok = s.docs[u]; !ok || d.gen != gen {
		s.mu.Unlock()
		return
	}
	checked := text
	if rep.Text != nil {
		checked, d.fromDisk, version = rep.Text, true, 0
	}
	own := rep.Findings[:0:0]
	for _, f := range rep.Findings {
		// A Dockerfile's check also reports in the lock and
		// pyproject.toml; those findings are the lock document's.
		if f.File == path {
			own = append(own, f)
		}
	}
	d.findings, d.errors, d.checked, d.watch, d.due = own, rep.Errors, checked, stamps, false
	diags := make([]protocol.Diagnostic, 0, len(own)+len(rep.Errors))
	for _, e := range rep.Errors {
		diags = append(diags, errorDiagnostic(path, checked, e))
	}
	for _, f := range own {
		diags = append(diags, diagnostic(checked, f))
	}
	s.mu.Unlock()
	params := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags}
	if version > 0 {
		params.Version = uint32(version)
	}
	if err := s.conn.Notify(context.Background(), protocol.MethodTextDocumentPublishDiagnostics, params); err != nil {
		fmt.Fprintf(s.opts.Log, "ballast lsp: publishing diagnostics of %s: %v\n", path, err)
	}
}

// errorDiagnostic shows why part of the check could not run: at the
// line the error names when it is in this document (a mistake in
// .ballast.toml), else on the first line, so that the user sees a
// configuration or lock must be fixed, not an empty list that looks like
// a clean file.
func errorDiagnostic(path string, src []byte, err error) protocol.Diagnostic {
	msg := err.Error()
	start, end := 0, bytes.IndexByte(src, '\n')
	if end < 0 {
		end = len(src)
	}
	if line, rest, ok := errorLine(msg, path); ok {
		msg = rest
		starts := input.LineStarts(src)
		if line <= len(starts) {
			start = starts[line-1]
			end = len(src)
			if line < len(starts) {
				end = starts[line] - 1
			}
		}
	} else {
		msg = "ballast could not check this file fully: " + msg
	}
	return protocol.Diagnostic{
		Range:    span(src, start, end),
		Severity: protocol.DiagnosticSeverityError,
		Source:   "ballast",
		Message:  msg,
	}
}

// errorLine reads "PATH:LINE:COL: message" (or "PATH:LINE: message") where
// PATH names the document as given or relative to the working directory,
// as ballast's errors name files.
func errorLine(msg, path string) (int, string, bool) {
	names := []string{path}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil {
			names = append(names, rel)
		}
	}
	for _, name := range names {
		rest, ok := strings.CutPrefix(msg, name+":")
		if !ok {
			continue
		}
		num, rest, ok := strings.Cut(rest, ":")
		line, err := strconv.Atoi(num)
		if !ok || err != nil || line < 1 {
			continue
		}
		if col, after, ok := strings.Cut(rest, ":"); ok {
			if _, err := strconv.Atoi(col); err == nil {
				rest = after
			}
		}
		return line, strings.TrimSpace(rest), true
	}
	return 0, "", false
}

// fresh checks at once a document whose text changed since its last
// check (typing, then a code action before the debounce ran out): fixes
// and hovers are answered for the text the editor holds, never with
// offsets of an older one.
func (s *server) fresh(u protocol.DocumentURI) {
	s.mu.Lock()
	d, ok := s.docs[u]
	stale := ok && !d.fromDisk && (d.checked == nil || !bytes.Equal(d.text, d.checked))
	if stale && d.timer != nil && d.timer.Stop() {
		s.checks.Done()
	}
	s.mu.Unlock()
	if stale {
		s.run(u)
	}
}

// diagnostic is a finding as the editor shows it.
func diagnostic(src []byte, f lint.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:    span(src, f.Start.Offset, f.End.Offset),
		Severity: severity(f.Severity),
		Code:     f.ID(),
		Source:   "ballast",
		Message:  f.Message,
	}
	if f.Rule != nil {
		if url := f.Rule.HelpURL(); url != "" {
			d.CodeDescription = &protocol.CodeDescription{Href: uri.URI(url)}
		}
	}
	return d
}

// severity maps ballast's four levels onto the protocol's four.
func severity(s lint.Severity) protocol.DiagnosticSeverity {
	switch s {
	case lint.Error:
		return protocol.DiagnosticSeverityError
	case lint.Warning:
		return protocol.DiagnosticSeverityWarning
	case lint.Info:
		return protocol.DiagnosticSeverityInformation
	case lint.Off, lint.Style:
		// Style findings are hints; Off findings are never reported.
	}
	return protocol.DiagnosticSeverityHint
}

// overlaps reports whether the finding's span meets [start, end]: a cursor
// on a finding's edge still offers its fix.
func overlaps(f lint.Finding, start, end int) bool {
	return f.Start.Offset <= end && start <= f.End.Offset
}

// codeActions offers the fixes of the findings in the requested range: a
// quickfix for a safe fix, UnsafeFixKind for an unsafe one. Display-only
// fixes are never applied, so never offered.
func (s *server) codeActions(p protocol.CodeActionParams) []protocol.CodeAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[p.TextDocument.URI]
	if !ok || d.checked == nil || (d.fromDisk && !bytes.Equal(d.text, d.checked)) {
		// A lock or pyproject.toml edited since its save: its findings'
		// edits would land on the wrong bytes.
		return nil
	}
	src := d.checked
	start, end := offset(src, p.Range.Start), offset(src, p.Range.End)
	actions := []protocol.CodeAction{}
	for _, f := range d.findings {
		if !overlaps(f, start, end) {
			continue
		}
		for _, fx := range f.Fixes {
			a, ok := codeAction(p.TextDocument.URI, d.path, src, f, fx)
			if ok {
				actions = append(actions, a)
			}
		}
	}
	return actions
}

func codeAction(u protocol.DocumentURI, path string, src []byte, f lint.Finding, fx lint.Fix) (protocol.CodeAction, bool) {
	var kind protocol.CodeActionKind
	title := fx.Description
	switch fx.Safety {
	case lint.SafeFix:
		kind = protocol.QuickFix
	case lint.UnsafeFix:
		kind, title = UnsafeFixKind, title+" (unsafe)"
	default:
		return protocol.CodeAction{}, false
	}
	edits := make([]protocol.TextEdit, 0, len(fx.Edits))
	for _, e := range fx.Edits {
		if e.File != path {
			// A fix that also edits the lock waits for lock documents.
			return protocol.CodeAction{}, false
		}
		edits = append(edits, protocol.TextEdit{Range: span(src, e.Start, e.End), NewText: e.NewText})
	}
	return protocol.CodeAction{
		Title:       fmt.Sprintf("%s: %s", f.ID(), title),
		Kind:        kind,
		Diagnostics: []protocol.Diagnostic{diagnostic(src, f)},
		IsPreferred: fx.Safety == lint.SafeFix,
		Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{u: edits}},
	}, true
}

// hover shows the doc of each rule whose finding is under the cursor.
func (s *server) hover(p protocol.HoverParams) *protocol.Hover {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[p.TextDocument.URI]
	if !ok || d.checked == nil {
		return nil
	}
	at := offset(d.checked, p.Position)
	var docs []string
	seen := map[string]bool{}
	var r *protocol.Range
	for _, f := range d.findings {
		if f.Rule == nil || f.Rule.Doc == "" || seen[f.Rule.Code] || !overlaps(f, at, at) {
			continue
		}
		seen[f.Rule.Code] = true
		docs = append(docs, fmt.Sprintf("**%s** %s\n\n%s", f.ID(), f.Message, strings.TrimSpace(f.Rule.Doc)))
		if r == nil {
			sp := span(d.checked, f.Start.Offset, f.End.Offset)
			r = &sp
		}
	}
	if len(docs) == 0 {
		return nil
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(docs, "\n\n---\n\n")}, Range: r}
}
