package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/config"
)

// TestReadmeConfigExample loads the configuration example of README.md as
// a .ballast.toml and validates it against the registry, so the documented
// keys, values and rule names stay real.
func TestReadmeConfigExample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "## Configuration")
	if !ok {
		t.Fatal("README.md has no ## Configuration section")
	}
	_, rest, ok = strings.Cut(rest, "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md's Configuration section has no ```toml example")
	}
	path := filepath.Join(t.TempDir(), ".ballast.toml")
	if err := os.WriteFile(path, []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Dir(path), path)
	if err != nil {
		t.Fatalf("README example does not load: %v", err)
	}
	if err := cfg.Validate(rules.All()); err != nil {
		t.Fatalf("README example does not validate: %v", err)
	}
}
