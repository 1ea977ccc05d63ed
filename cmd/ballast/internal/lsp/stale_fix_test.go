package lsp_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp/lsptest"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// A code action asked for right after an edit (before the debounced
// check ran, as an editor's fix-on-save does) must answer for the text the
// editor now holds: the edits of the previous text's findings land on the
// wrong bytes of the new one.
func TestCodeActionAfterChangeEditsTheNewText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	doc := uri.File(path)
	// The debounce outlasts the test: only the opened text is ever checked
	// unless the code action checks the new one.
	c := lsptest.Start(t, driverCheck, lsp.Options{Debounce: time.Hour, Poll: -1})
	c.Call(protocol.MethodInitialize, &protocol.InitializeParams{}, &protocol.InitializeResult{})
	c.Notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: doc, LanguageID: "dockerfile", Version: 1,
		Text: "FROM debian:bookworm-slim\nRUN apt-get install curl\n",
	}})
	c.NextDiagnostics()

	// A comment above FROM moves `apt-get install` one line down.
	c.Notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: "# base\nFROM debian:bookworm-slim\nRUN apt-get install curl\n"}},
	})
	var actions []protocol.CodeAction
	at := protocol.Range{Start: protocol.Position{Line: 2, Character: 6}, End: protocol.Position{Line: 2, Character: 6}}
	c.Call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: at}, &actions)
	var found bool
	for _, a := range actions {
		if a.Title != "DL3014: Add -y" {
			continue
		}
		found = true
		edits := a.Edit.Changes[doc]
		want := protocol.Range{Start: protocol.Position{Line: 2, Character: 19}, End: protocol.Position{Line: 2, Character: 19}}
		if len(edits) != 1 || edits[0].Range != want {
			t.Errorf("DL3014's edit %+v, want one insertion at %+v of the changed text", edits, want)
		}
	}
	if !found {
		t.Errorf("no DL3014 action at `apt-get install` of the changed text; got %+v", actions)
	}

	// And the other way round: the old text's position of the finding is
	// FROM in the new one, which has no finding.
	at = protocol.Range{Start: protocol.Position{Line: 1, Character: 6}, End: protocol.Position{Line: 1, Character: 6}}
	c.Call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Range: at}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on FROM of the changed text, which has no finding: %+v", actions)
	}
}
