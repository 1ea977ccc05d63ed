package build

import (
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// SourceCopyBefore returns the first COPY or ADD from the build context,
// in in's stage or the stages it is built on, that brings in more than the
// dependency manifests before in: an edit to what it copies re-runs every
// step after it, the install in included. nil when there is none.
func SourceCopyBefore(f *dockerfile.File, in *dockerfile.Instruction) *dockerfile.Instruction {
	if f == nil || in == nil || in.Stage == nil {
		return nil
	}
	for _, st := range slices.Backward(f.StageChain(in.Stage)) {
		for _, other := range st.Instructions {
			if other.Span.Start >= in.Span.Start {
				break
			}
			if copiesSource(other) {
				return other
			}
		}
	}
	return nil
}

// copiesSource reports whether a COPY or ADD brings files of the build
// context other than dependency manifests into the image.
func copiesSource(in *dockerfile.Instruction) bool {
	var srcs []string
	switch c := in.Command.(type) {
	case *instructions.CopyCommand:
		if c.From != "" {
			return false
		}
		srcs = c.SourcePaths
	case *instructions.AddCommand:
		srcs = c.SourcePaths
	default:
		return false
	}
	for _, s := range srcs {
		if strings.Contains(s, "://") || strings.HasPrefix(s, "git@") {
			continue // a download, not the context
		}
		if !isManifest(s) {
			return true
		}
	}
	return false
}

// isManifest reports whether a COPY source names only files that describe
// the dependencies (or that a build backend reads with them), whose edits
// should re-run the install.
func isManifest(src string) bool {
	base := strings.ToLower(path.Base(strings.TrimSuffix(src, "/")))
	switch base {
	case "pyproject.toml", "uv.lock", "poetry.lock", "pdm.lock", "pipfile", "pipfile.lock", "setup.py", "setup.cfg",
		"manifest.in", ".python-version", "uv.toml", "pip.conf", "constraints.txt", "environment.yml", "environment.yaml":
		return true
	}
	return strings.HasPrefix(base, "requirements") || strings.HasPrefix(base, "readme") || strings.HasPrefix(base, "license")
}
