package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// driverCheck checks as `ballast check --stdin-filename path -` does with
// no configuration.
func driverCheck(path string, src []byte) ([]lint.Finding, error) {
	res := driver.Run([]driver.Input{{Path: path, Src: src}}, driver.Options{Rules: rules.All()})
	if len(res.Errors) > 0 {
		return res.Findings, res.Errors[0]
	}
	return res.Findings, nil
}

// client is the editor's end of the pipe.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	done  chan error
}

func startServer(t *testing.T, debounce time.Duration) *client {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	c := &client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 16), done: make(chan error, 1)}
	go func() {
		c.done <- Serve(context.Background(), serverEnd, driverCheck, Options{Debounce: debounce})
	}()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics params: %v", err)
			}
			c.diags <- p
		}
		return reply(ctx, nil, nil)
	})
	t.Cleanup(func() { _ = c.conn.Close() })
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) nextDiagnostics() protocol.PublishDiagnosticsParams {
	c.t.Helper()
	select {
	case p := <-c.diags:
		return p
	case <-time.After(10 * time.Second):
		c.t.Fatal("no publishDiagnostics within 10s")
	}
	return protocol.PublishDiagnosticsParams{}
}

func codes(p protocol.PublishDiagnosticsParams) string {
	var cs []string
	for _, d := range p.Diagnostics {
		cs = append(cs, d.Code.(string))
	}
	return strings.Join(cs, " ")
}

// The editor's whole session: open, type, save, ask for the fixes and a
// rule's doc, quit.
func TestProtocolSession(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	doc := uri.File(path)
	c := startServer(t, 20*time.Millisecond)

	var init protocol.InitializeResult
	c.call(protocol.MethodInitialize, &protocol.InitializeParams{}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "ballast" || init.Capabilities.HoverProvider != true {
		t.Fatalf("initialize result: %+v", init)
	}
	c.notify(protocol.MethodInitialized, &protocol.InitializedParams{})

	// The é before `pip` is two bytes but one UTF-16 unit: `pip` starts at
	// byte 13 and unit 12.
	opened := "FROM python:3.12\nRUN echo é; pip install flask\n"
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "dockerfile", Version: 1, Text: opened}})
	p := c.nextDiagnostics()
	if p.URI != doc || p.Version != 1 || codes(p) != "DL3042" {
		t.Fatalf("didOpen diagnostics: version %d, codes %q, want 1, DL3042", p.Version, codes(p))
	}
	if got, want := p.Diagnostics[0].Range.Start, (protocol.Position{Line: 1, Character: 12}); got != want {
		t.Errorf("DL3042 starts at %+v, want %+v (UTF-16 units)", got, want)
	}

	// Two quick changes: only the last text is checked.
	changed := "FROM python:3.12\nRUN uv sync\n"
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: "FROM python:3.12\nRUN pip install x\n"}},
	})
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 3},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: changed}},
	})
	p = c.nextDiagnostics()
	if p.Version != 3 || !strings.Contains(codes(p), "BA201") || strings.Contains(codes(p), "DL3042") {
		t.Fatalf("didChange diagnostics: version %d, codes %q, want version 3 with BA201 and no DL3042", p.Version, codes(p))
	}

	saved := "FROM python:3.12\nRUN uv sync --locked\n"
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Text: saved})
	p = c.nextDiagnostics()
	if strings.Contains(codes(p), "BA201") || !strings.Contains(codes(p), "BA101") {
		t.Fatalf("didSave diagnostics: codes %q, want BA101 and no BA201", codes(p))
	}

	// Back to the unlocked sync: a safe and an unsafe fix on one line.
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Text: changed})
	c.nextDiagnostics()
	var actions []protocol.CodeAction
	line := protocol.Range{Start: protocol.Position{Line: 1, Character: 6}, End: protocol.Position{Line: 1, Character: 6}}
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: line}, &actions)
	kinds := map[string]protocol.CodeAction{}
	for _, a := range actions {
		kinds[string(a.Kind)+" "+a.Title] = a
	}
	safe, ok := kinds["quickfix BA101: Add a uv cache mount"]
	if !ok {
		t.Fatalf("no safe quickfix for BA101 among %v", keys(kinds))
	}
	if _, ok := kinds["quickfix.unsafe BA201: Add --locked (unsafe)"]; !ok {
		t.Fatalf("no unsafe action for BA201 among %v", keys(kinds))
	}
	if edits := safe.Edit.Changes[doc]; len(edits) == 0 {
		t.Fatalf("BA101's action edits nothing: %+v", safe.Edit)
	}
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: protocol.Range{}}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on FROM, which has no finding: %+v", actions)
	}

	var hover protocol.Hover
	c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: 1, Character: 7}}}, &hover)
	if hover.Contents.Kind != protocol.Markdown || !strings.Contains(hover.Contents.Value, "## Why") || !strings.Contains(hover.Contents.Value, "BA201") {
		t.Errorf("hover on `uv sync`: %+v", hover.Contents)
	}
	var none *protocol.Hover
	c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: 0, Character: 2}}}, &none)
	if none != nil {
		t.Errorf("hover on FROM, which has no finding: %+v", none)
	}

	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}

func keys(m map[string]protocol.CodeAction) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
