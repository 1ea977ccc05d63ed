package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp/lsptest"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// driverCheck checks as `ballast check --stdin-filename path -` does with
// no configuration.
func driverCheck(path string, src []byte) (lsp.Report, error) {
	res := driver.Run([]driver.Input{{Path: path, Src: src}}, driver.Options{Rules: rules.All()})
	return lsp.Report{Findings: res.Findings, Errors: res.Errors}, nil
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
	c := lsptest.Start(t, driverCheck, lsp.Options{Debounce: 20 * time.Millisecond, Poll: -1})

	var init protocol.InitializeResult
	c.Call(protocol.MethodInitialize, &protocol.InitializeParams{}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "ballast" || init.Capabilities.HoverProvider != true {
		t.Fatalf("initialize result: %+v", init)
	}
	c.Notify(protocol.MethodInitialized, &protocol.InitializedParams{})

	// The é before `pip` is two bytes but one UTF-16 unit: `pip` starts at
	// byte 13 and unit 12.
	opened := "FROM python:3.12\nRUN echo é; pip install flask\n"
	c.Notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "dockerfile", Version: 1, Text: opened}})
	p := c.NextDiagnostics()
	if p.URI != doc || p.Version != 1 || lsptest.Codes(p) != "DL3042" {
		t.Fatalf("didOpen diagnostics: version %d, codes %q, want 1, DL3042", p.Version, lsptest.Codes(p))
	}
	if got, want := p.Diagnostics[0].Range.Start, (protocol.Position{Line: 1, Character: 12}); got != want {
		t.Errorf("DL3042 starts at %+v, want %+v (UTF-16 units)", got, want)
	}

	// Two quick changes: only the last text is checked.
	changed := "FROM python:3.12\nRUN uv sync\n"
	c.Notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: "FROM python:3.12\nRUN pip install x\n"}},
	})
	c.Notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 3},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: changed}},
	})
	p = c.NextDiagnostics()
	if p.Version != 3 || !strings.Contains(lsptest.Codes(p), "BA201") || strings.Contains(lsptest.Codes(p), "DL3042") {
		t.Fatalf("didChange diagnostics: version %d, codes %q, want version 3 with BA201 and no DL3042", p.Version, lsptest.Codes(p))
	}

	saved := "FROM python:3.12\nRUN uv sync --locked\n"
	c.Notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Text: saved})
	p = c.NextDiagnostics()
	if strings.Contains(lsptest.Codes(p), "BA201") || !strings.Contains(lsptest.Codes(p), "BA101") {
		t.Fatalf("didSave diagnostics: codes %q, want BA101 and no BA201", lsptest.Codes(p))
	}

	// Back to the unlocked sync: a safe and an unsafe fix on one line.
	c.Notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Text: changed})
	c.NextDiagnostics()
	var actions []protocol.CodeAction
	line := protocol.Range{Start: protocol.Position{Line: 1, Character: 6}, End: protocol.Position{Line: 1, Character: 6}}
	c.Call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: line}, &actions)
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
	c.Call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: protocol.Range{}}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on FROM, which has no finding: %+v", actions)
	}

	var hover protocol.Hover
	c.Call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: 1, Character: 7}}}, &hover)
	if hover.Contents.Kind != protocol.Markdown || !strings.Contains(hover.Contents.Value, "## Why") || !strings.Contains(hover.Contents.Value, "BA201") {
		t.Errorf("hover on `uv sync`: %+v", hover.Contents)
	}
	var none *protocol.Hover
	c.Call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: 0, Character: 2}}}, &none)
	if none != nil {
		t.Errorf("hover on FROM, which has no finding: %+v", none)
	}

	c.Shutdown()
}

func keys(m map[string]protocol.CodeAction) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
