package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3021_copy_sources_to_file.md
var dl3021Doc string

// DL3021 flags COPY of several sources to a destination without a
// trailing slash.
var DL3021 = &lint.Rule{
	Code: "DL3021", Name: "copy-sources-to-file", Category: "dockerfile", Severity: lint.Error,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3021",
	Doc:      dl3021Doc,
	Requires: needsDockerfile,
	Run:      runDL3021,
}

func runDL3021(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("COPY") {
			continue
		}
		srcs, dest, ok := copySourcesAndDest(in)
		if !ok || len(srcs) < 2 {
			continue
		}
		path := trimPathQuotes(dest.Value)
		if strings.HasSuffix(path, "/") || path == "." {
			continue
		}
		lint.Reportf(pass, f, dest.Span, "COPY of %d sources needs a directory, but %q does not end with /", len(srcs), path)
	}
	return nil, nil
}
