// Package lsptest is the editor's end of a language server connection,
// for tests: it starts a server on an in-memory pipe, sends requests and
// notifications, and hands over the diagnostics the server publishes.
package lsptest

import (
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Client is a connected editor.
type Client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	// Requests receives the methods of the requests the server sent
	// (client/registerCapability…).
	Requests chan string
	// Done receives Serve's error once it returns.
	Done chan error
}

// Wait bounds every wait for the server: a test that fails waits no
// longer, one that passes never waits this long.
const Wait = 10 * time.Second

// Start runs a server with check and opts, and connects to it.
func Start(t *testing.T, check lsp.Checker, opts lsp.Options) *Client {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	c := &Client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 64), Requests: make(chan string, 16), Done: make(chan error, 1)}
	go func() {
		c.Done <- lsp.Serve(context.Background(), serverEnd, check, opts)
	}()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		switch req.Method() {
		case protocol.MethodTextDocumentPublishDiagnostics:
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics params: %v", err)
			}
			c.diags <- p
		default:
			select {
			case c.Requests <- req.Method():
			default:
			}
		}
		return reply(ctx, nil, nil)
	})
	t.Cleanup(func() { _ = c.conn.Close() })
	return c
}

// Call sends a request and decodes its result into result.
func (c *Client) Call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// NextDiagnostics returns the next diagnostics the server publishes.
func (c *Client) NextDiagnostics() protocol.PublishDiagnosticsParams {
	c.t.Helper()
	select {
	case p := <-c.diags:
		return p
	case <-time.After(Wait):
		c.t.Fatal("no publishDiagnostics within", Wait)
	}
	return protocol.PublishDiagnosticsParams{}
}

// DiagnosticsFor returns the next diagnostics published for u, passing
// over those of other documents.
func (c *Client) DiagnosticsFor(u protocol.DocumentURI) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.After(Wait)
	for {
		select {
		case p := <-c.diags:
			if p.URI == u {
				return p
			}
		case <-deadline:
			c.t.Fatalf("no publishDiagnostics for %s within %s", u, Wait)
			return protocol.PublishDiagnosticsParams{}
		}
	}
}

// WaitFor returns the first diagnostics published for u whose codes
// (Codes) are want, passing over others: a file changed on disk may be
// seen by more than one look, each publishing.
func (c *Client) WaitFor(u protocol.DocumentURI, want string) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.After(Wait)
	var last []string
	for {
		select {
		case p := <-c.diags:
			if p.URI != u {
				continue
			}
			if Codes(p) == want {
				return p
			}
			last = append(last, Codes(p))
		case <-deadline:
			c.t.Fatalf("no diagnostics %q for %s within %s; published: %q", want, u, Wait, last)
			return protocol.PublishDiagnosticsParams{}
		}
	}
}

// Quiet fails the test when the server publishes anything within d: a
// check it should not have made.
func (c *Client) Quiet(d time.Duration) {
	c.t.Helper()
	select {
	case p := <-c.diags:
		c.t.Errorf("unexpected publishDiagnostics for %s: %s", p.URI, Codes(p))
	case <-time.After(d):
	}
}

// Open sends didOpen for a document with its text.
func (c *Client) Open(u protocol.DocumentURI, languageID, text string) {
	c.t.Helper()
	c.Notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: protocol.LanguageIdentifier(languageID), Version: 1, Text: text}})
}

// Initialize sends initialize, with the client's capabilities, and
// initialized.
func (c *Client) Initialize(caps protocol.ClientCapabilities) protocol.InitializeResult {
	c.t.Helper()
	var res protocol.InitializeResult
	c.Call(protocol.MethodInitialize, &protocol.InitializeParams{Capabilities: caps}, &res)
	c.Notify(protocol.MethodInitialized, &protocol.InitializedParams{})
	return res
}

// Shutdown ends the session as an editor does and waits for Serve.
func (c *Client) Shutdown() {
	c.t.Helper()
	c.Call(protocol.MethodShutdown, nil, nil)
	c.Notify(protocol.MethodExit, nil)
	select {
	case err := <-c.Done:
		if err != nil {
			c.t.Fatalf("Serve: %v", err)
		}
	case <-time.After(Wait):
		c.t.Fatal("Serve did not return after exit")
	}
}

// Codes lists the codes of the published diagnostics, in order.
func Codes(p protocol.PublishDiagnosticsParams) string {
	var cs []string
	for _, d := range p.Diagnostics {
		code, _ := d.Code.(string)
		if code == "" {
			code = "-"
		}
		cs = append(cs, code)
	}
	return strings.Join(cs, " ")
}
