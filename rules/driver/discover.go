package driver

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Discover expands the command-line paths into Dockerfiles: files are taken
// as given, directories are searched recursively for the names
// IsDockerfileName accepts, skipping VCS and vendored trees.
func Discover(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, inputError(p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return inputError(q, err)
			}
			if d.IsDir() {
				if q != p && skipDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			if IsDockerfileName(d.Name()) {
				out = append(out, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func skipDir(name string) bool {
	switch name {
	case ".git", ".hg", ".svn", "vendor", "node_modules", "third_party", ".venv", "venv", "__pycache__", ".tox":
		return true
	}
	return false
}

// IsDockerfileName reports whether a file name is a Dockerfile by
// convention, in any case: Dockerfile and Containerfile, NAME.Dockerfile,
// and Dockerfile followed by '.', '-' or '_' and a variant (Dockerfile.gpu,
// Dockerfile-cuda, Dockerfile_amd), unless the variant ends in an extension
// that says the file is something else: a build context's ignore file
// (Dockerfile.dockerignore), a template, or the source and documents of a
// project that handles Dockerfiles (dockerfile.go, dockerfile_test.py,
// Dockerfile.md). .pre-commit-hooks.yaml's files and exclude patterns say
// the same, and a test holds them together.
func IsDockerfileName(name string) bool {
	lower := strings.ToLower(name)
	for _, base := range [...]string{"dockerfile", "containerfile"} {
		if lower == base || strings.HasSuffix(lower, "."+base) {
			return true
		}
		variant, ok := strings.CutPrefix(lower, base)
		if ok && strings.ContainsRune(".-_", rune(variant[0])) {
			return !slices.Contains(notDockerfileExt, strings.TrimPrefix(path.Ext(variant), "."))
		}
	}
	return false
}

// notDockerfileExt holds the extensions that make a Dockerfile-like name
// something else. Variants such as .python, .golang or .gpu stay
// Dockerfiles: they name what the image holds, not a file type. A slice,
// not a map: it is laid out by the compiler rather than built at start-up.
var notDockerfileExt = []string{
	"dockerignore",
	"j2", "jinja", "jinja2", "tmpl", "tpl", "template", "in", "erb", "mustache",
	"bak", "orig", "rej", "swp", "old",
	"md", "rst", "txt", "adoc", "html", "pdf",
	"json", "yaml", "yml", "toml", "xml", "lock", "cfg", "ini",
	"go", "py", "pyi", "rs", "js", "mjs", "ts", "rb", "java", "kt",
	"c", "h", "cc", "cpp", "hpp", "cs", "php", "lua", "hs",
	"sh", "bash", "zsh", "fish", "ps1", "bat", "cmd", "nix",
}
