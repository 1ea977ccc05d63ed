package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/tomlpos"
)

// UserConfigDir is os.UserConfigDir; tests replace it.
var UserConfigDir = os.UserConfigDir

// Load finds the configuration for a file in startDir: explicit when set;
// else the first .ballast.toml or pyproject.toml with [tool.ballast] from
// startDir up to the repository root (the folder holding .git) or the
// filesystem root; else the user config dir's ballast/config.toml; else
// the first .hadolint.yaml (or .yml) of the same walk. No configuration
// is an empty File, not an error.
func Load(startDir, explicit string) (*File, error) {
	if explicit != "" {
		return loadExplicit(explicit)
	}
	dirs, err := searchDirs(startDir)
	if err != nil {
		return nil, err
	}
	hadolint := ""
	for _, dir := range dirs {
		if p := filepath.Join(dir, ".ballast.toml"); isFile(p) {
			return loadBallast(display(p), Ballast)
		}
		if p := filepath.Join(dir, "pyproject.toml"); isFile(p) {
			f, err := loadPyproject(display(p))
			if err != nil || f != nil {
				return f, err
			}
		}
		if hadolint == "" {
			for _, name := range hadolintNames {
				if p := filepath.Join(dir, name); isFile(p) {
					hadolint = display(p)
					break
				}
			}
		}
	}
	if p := userConfig(); p != "" && isFile(p) {
		return loadBallast(display(p), User)
	}
	if hadolint != "" {
		return loadHadolint(hadolint)
	}
	return &File{}, nil
}

// Watched lists every file whose creation, change or removal can change
// what Load returns for startDir (explicit when set), existing or not: an
// editor that keeps a file open re-checks it when one of them changes.
func Watched(startDir, explicit string) []string {
	if explicit != "" {
		return []string{explicit}
	}
	dirs, err := searchDirs(startDir)
	if err != nil {
		return nil
	}
	var out []string
	for _, dir := range dirs {
		out = append(out, filepath.Join(dir, ".ballast.toml"), filepath.Join(dir, "pyproject.toml"))
		for _, name := range hadolintNames {
			out = append(out, filepath.Join(dir, name))
		}
	}
	if p := userConfig(); p != "" {
		out = append(out, p)
	}
	return out
}

// hadolintNames are the names hadolint's configuration takes in a folder.
var hadolintNames = []string{".hadolint.yaml", ".hadolint.yml"}

// searchDirs is the walk Load makes: startDir, then each parent up to the
// repository root (the folder holding .git) or the filesystem root.
func searchDirs(startDir string) ([]string, error) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for {
		dirs = append(dirs, dir)
		if exists(filepath.Join(dir, ".git")) {
			return dirs, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dirs, nil
		}
		dir = parent
	}
}

// userConfig is the user's configuration file, or "" when the platform
// has no user config dir.
func userConfig() string {
	ucd, err := UserConfigDir()
	if err != nil || ucd == "" {
		return ""
	}
	return filepath.Join(ucd, "ballast", "config.toml")
}

// loadExplicit reads --config FILE by its name: a pyproject.toml, a YAML
// file (hadolint's format) or ballast's TOML.
func loadExplicit(path string) (*File, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	switch {
	case filepath.Base(path) == "pyproject.toml":
		f, err := loadPyproject(path)
		if err == nil && f == nil {
			return nil, fmt.Errorf("%s: no [tool.ballast] table", path)
		}
		return f, err
	case strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml"):
		return loadHadolint(path)
	}
	return loadBallast(path, Ballast)
}

// display shortens an absolute path under the working directory to a
// relative one, as file arguments are shown.
func display(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return p
	}
	return rel
}

// isFile reports whether p names something other than a directory: a
// FIFO or device named .ballast.toml is then an error when read, not a
// configuration silently passed over.
func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// loadPyproject reads [tool.ballast]; nil when the file has none.
func loadPyproject(path string) (*File, error) {
	src, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := pyproject.Parse(path, src)
	if err != nil {
		return nil, err
	}
	if p.Ballast == nil {
		return nil, nil
	}
	d := &decoder{file: path, table: pos{p.BallastPos.Line, p.BallastPos.Col}}
	d.at = func(path string) pos {
		if q, ok := p.BallastKeys[path]; ok && q.IsValid() {
			return pos{q.Line, q.Col}
		}
		return d.table
	}
	f := &File{Path: path, Source: Pyproject}
	return f, d.decode(f, p.Ballast)
}

// loadBallast reads a ballast TOML file (.ballast.toml or the user's).
func loadBallast(path string, src Source) (*File, error) {
	data, err := input.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := tomlpos.Parse(path, data)
	if err != nil {
		return nil, err
	}
	keys := doc.KeyPositions(doc.Root)
	d := &decoder{file: path, table: pos{1, 1}}
	d.at = func(path string) pos {
		if q, ok := keys[path]; ok {
			return pos{q.Line, q.Col}
		}
		return d.table
	}
	m, _ := doc.Root.Any().(map[string]any)
	f := &File{Path: path, Source: src}
	return f, d.decode(f, m)
}
