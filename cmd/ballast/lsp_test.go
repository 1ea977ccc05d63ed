package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// frame wraps a JSON-RPC message in the protocol's header.
func frame(msg string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(msg), msg)
}

// `ballast lsp` as an editor starts it: the real checker, with the
// configuration beside the file, over standard input and output; exit
// ends it although standard input stays open.
func TestLSPCommandUsesTheConfigurationBesideTheFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".ballast.toml"), []byte("ignore = [\"BA101\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "Dockerfile"))
	text := `FROM python:3.12\nRUN uv sync\n`
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"`+uri+`","languageId":"dockerfile","version":1,"text":"`+text+`"}}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"lsp"}, strings.NewReader(in), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code %d, stderr %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, `"textDocument/publishDiagnostics"`) || !strings.Contains(out, `"BA201"`) {
		t.Fatalf("no BA201 published:\n%s", out)
	}
	if strings.Contains(out, `"BA101"`) {
		t.Errorf("BA101 published although .ballast.toml ignores it:\n%s", out)
	}
}
