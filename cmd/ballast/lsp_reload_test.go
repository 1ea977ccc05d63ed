package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp"
	"github.com/ballast-dev/ballast/cmd/ballast/internal/lsp/lsptest"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// project writes files (name → content) into a new folder that is a
// repository root, so that no configuration above it is found.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		write(t, filepath.Join(dir, name), content)
	}
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	// Written aside and renamed, as editors and uv save: the poll must
	// not see a half-written file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

const unlockedSync = "FROM python:3.12\nRUN uv sync\n"

// The configuration beside the Dockerfile is read again when it changes
// on disk, with no edit of the Dockerfile: created, changed, moved into
// pyproject.toml's [tool.ballast], broken (the error shows on the
// Dockerfile's first line) and removed.
func TestLSPReloadsConfigurationWhenItChanges(t *testing.T) {
	dir := project(t, map[string]string{"Dockerfile": unlockedSync})
	c := lsptest.Start(t, lspChecker(), lsp.Options{Debounce: 10 * time.Millisecond, Poll: 10 * time.Millisecond})
	c.Initialize(protocol.ClientCapabilities{})
	doc := uri.File(filepath.Join(dir, "Dockerfile"))
	c.Open(doc, "dockerfile", unlockedSync)
	if got := lsptest.Codes(c.DiagnosticsFor(doc)); got != "BA101 BA201 BA202" {
		t.Fatalf("on open: %q, want BA101 BA201 BA202", got)
	}

	steps := []struct {
		name, file, content, want string
	}{
		{"created", ".ballast.toml", "ignore = [\"BA101\"]\n", "BA201 BA202"},
		{"changed", ".ballast.toml", "ignore = [\"BA201\"]\n", "BA101 BA202"},
		{"broken", ".ballast.toml", "ignore = [\"XX999\"]\n", "-"},
		{"in pyproject.toml", "pyproject.toml", "[project]\nname = \"app\"\nversion = \"1\"\n\n[tool.ballast]\nignore = [\"BA101\", \"BA202\"]\n", "BA201"},
	}
	for _, step := range steps {
		if step.name == "in pyproject.toml" {
			if err := os.Remove(filepath.Join(dir, ".ballast.toml")); err != nil {
				t.Fatal(err)
			}
		}
		write(t, filepath.Join(dir, step.file), step.content)
		p := c.WaitFor(doc, step.want)
		if step.name == "broken" {
			d := p.Diagnostics[0]
			if d.Severity != protocol.DiagnosticSeverityError || d.Range.Start.Line != 0 || !strings.Contains(d.Message, `unknown rule "XX999"`) {
				t.Errorf("broken configuration shown as %+v", d)
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, "pyproject.toml")); err != nil {
		t.Fatal(err)
	}
	c.WaitFor(doc, "BA101 BA201 BA202")
	c.Shutdown()
}

// An editor that watches files for the server is heard at once, with no
// poll; the server asks such an editor to watch the configuration and
// lock files.
func TestLSPHearsTheEditorsFileWatcher(t *testing.T) {
	dir := project(t, map[string]string{"Dockerfile": unlockedSync})
	c := lsptest.Start(t, lspChecker(), lsp.Options{Poll: -1})
	c.Initialize(protocol.ClientCapabilities{Workspace: &protocol.WorkspaceClientCapabilities{DidChangeWatchedFiles: &protocol.DidChangeWatchedFilesWorkspaceClientCapabilities{DynamicRegistration: true}}})
	select {
	case m := <-c.Requests:
		if m != protocol.MethodClientRegisterCapability {
			t.Fatalf("server asked %s, want %s", m, protocol.MethodClientRegisterCapability)
		}
	case <-time.After(lsptest.Wait):
		t.Fatal("the server did not ask the editor to watch files")
	}
	doc := uri.File(filepath.Join(dir, "Dockerfile"))
	c.Open(doc, "dockerfile", unlockedSync)
	c.DiagnosticsFor(doc)
	config := filepath.Join(dir, ".ballast.toml")
	write(t, config, "ignore = [\"BA101\"]\n")
	c.Notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uri.File(config), Type: protocol.FileChangeTypeCreated}}})
	if got := lsptest.Codes(c.DiagnosticsFor(doc)); got != "BA201 BA202" {
		t.Fatalf("after the watcher's event: %q, want BA201 BA202", got)
	}
	// A file no document depends on checks nothing again.
	c.Notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uri.File(filepath.Join(dir, "elsewhere", "uv.lock")), Type: protocol.FileChangeTypeCreated}}})
	c.Quiet(100 * time.Millisecond)
	c.Shutdown()
}

const (
	lockedDockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project\n"
	appPyproject     = "[project]\nname = \"app\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\n    \"httpx>=0.28\",\n]\n"
)

// appLock is uv.lock as `uv lock` writes it for appPyproject when
// httpx's bound was spec.
func appLock(spec string) string {
	return "version = 1\nrevision = 3\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n\n[package.metadata]\nrequires-dist = [{ name = \"httpx\", specifier = \"" + spec + "\" }]\n"
}

// A stale lock's finding (BA205) belongs to pyproject.toml: it is
// published for that document, not the Dockerfile's, and both are checked
// again when `uv lock` rewrites the lock on disk.
func TestLSPPublishesLockFindingsToTheirDocument(t *testing.T) {
	dir := project(t, map[string]string{"Dockerfile": lockedDockerfile, "pyproject.toml": appPyproject, "uv.lock": appLock(">=0.27")})
	c := lsptest.Start(t, lspChecker(), lsp.Options{Poll: 10 * time.Millisecond})
	c.Initialize(protocol.ClientCapabilities{})
	dockerfile, pyproject := uri.File(filepath.Join(dir, "Dockerfile")), uri.File(filepath.Join(dir, "pyproject.toml"))
	c.Open(dockerfile, "dockerfile", lockedDockerfile)
	if got := lsptest.Codes(c.DiagnosticsFor(dockerfile)); got != "" {
		t.Fatalf("Dockerfile: %q, want nothing (BA205 is pyproject.toml's)", got)
	}
	c.Open(pyproject, "toml", appPyproject)
	p := c.DiagnosticsFor(pyproject)
	if got := lsptest.Codes(p); got != "BA205" {
		t.Fatalf("pyproject.toml: %q, want BA205", got)
	}
	want := protocol.Range{Start: protocol.Position{Line: 5, Character: 4}, End: protocol.Position{Line: 5, Character: 17}}
	if d := p.Diagnostics[0]; d.Range != want || !strings.Contains(d.Message, `"httpx>=0.28"`) {
		t.Errorf("BA205 at %+v: %s; want %+v", d.Range, d.Message, want)
	}

	// Typing in pyproject.toml checks nothing: its findings come from the
	// saved file and the lock on disk.
	c.Notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: pyproject}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: appPyproject + "# typing\n"}},
	})
	c.Quiet(100 * time.Millisecond)

	write(t, filepath.Join(dir, "uv.lock"), appLock(">=0.28"))
	seen := map[protocol.DocumentURI]string{}
	for len(seen) < 2 {
		p := c.NextDiagnostics()
		seen[p.URI] = lsptest.Codes(p)
	}
	if seen[pyproject] != "" || seen[dockerfile] != "" {
		t.Errorf("after uv lock: pyproject.toml %q, Dockerfile %q; want both clean", seen[pyproject], seen[dockerfile])
	}
	c.Shutdown()
}

// A mistake in .ballast.toml, opened in the editor, is shown at its line
// when the file is saved.
func TestLSPShowsConfigurationErrorsInTheConfiguration(t *testing.T) {
	dir := project(t, map[string]string{".ballast.toml": "# rules\nignore = [\"XX999\"]\n"})
	c := lsptest.Start(t, lspChecker(), lsp.Options{Poll: -1})
	c.Initialize(protocol.ClientCapabilities{})
	doc := uri.File(filepath.Join(dir, ".ballast.toml"))
	c.Open(doc, "toml", "# rules\nignore = [\"XX999\"]\n")
	p := c.DiagnosticsFor(doc)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v, want one", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	if d.Range.Start.Line != 1 || d.Message != `bad value for "ignore": unknown rule "XX999" (see `+"`ballast rules`)" {
		t.Errorf("error shown at line %d: %q", d.Range.Start.Line, d.Message)
	}
	write(t, filepath.Join(dir, ".ballast.toml"), "# rules\nignore = [\"BA101\"]\n")
	c.Notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if p := c.DiagnosticsFor(doc); len(p.Diagnostics) != 0 {
		t.Errorf("fixed configuration still shows %+v", p.Diagnostics)
	}
	// Another TOML file has nothing to check.
	other := uri.File(filepath.Join(dir, "Cargo.toml"))
	c.Open(other, "toml", "[package]\nname = \"x\"\n")
	if p := c.DiagnosticsFor(other); len(p.Diagnostics) != 0 {
		t.Errorf("Cargo.toml: %+v", p.Diagnostics)
	}
	c.Shutdown()
}
