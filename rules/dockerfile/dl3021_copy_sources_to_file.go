package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3021 flags COPY of several sources to a destination without a
// trailing slash.
var DL3021 = &lint.Rule{
	Code: "DL3021", Name: "copy-sources-to-file", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3021",
	Doc: `COPY of several sources to a path without a trailing /

## Why
Several sources can only be copied into a directory, and Docker reads a
destination as a directory only when it ends with "/". Without it the
build fails ("When using COPY with more than one source file, the
destination must be a directory and end with a /"), or, when the path
happens to exist as a directory in the base image, works by accident.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nCOPY pyproject.toml uv.lock /app\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCOPY pyproject.toml uv.lock /app/\n```" + `

## References
hadolint DL3021. The destination is read with its quotes removed. Unlike
hadolint, a destination of "." is not reported: BuildKit resolves it as
the working directory, a directory. A COPY inside ONBUILD is not checked.`,
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
