package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3000 flags a WORKDIR whose path is relative.
var DL3000 = &lint.Rule{
	Code: "DL3000", Name: "relative-workdir", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3000",
	Doc: `WORKDIR with a relative path

## Why
A relative WORKDIR is resolved against whatever working directory the
base image (or an earlier WORKDIR) left behind. Reading the Dockerfile
alone no longer tells where files land, and a new tag of the base image
can move them. An absolute path says it outright.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nWORKDIR app\nCOPY . .\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n```" + `

## References
hadolint DL3000. As in hadolint, the path is read as written with its
quotes removed: it passes when it starts with "/", with a variable ("$"),
or with a Windows drive ("C:"); a WORKDIR inside ONBUILD is not checked.
BuildKit's WorkdirRelativePath (BK010) checks only the first WORKDIR of a
stage, after variable expansion.`,
	Requires: needsDockerfile,
	Run:      runDL3000,
}

func runDL3000(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("WORKDIR") {
			continue
		}
		path := trimPathQuotes(strings.TrimSpace(in.ArgsText()))
		if path == "" || absoluteWorkdir(path) {
			continue
		}
		lint.Reportf(pass, f, in.ArgsSpan, "WORKDIR %q is a relative path; use an absolute one", path)
	}
	return nil, nil
}

// absoluteWorkdir accepts /path, $VAR and Windows drive paths (C:, C:\x).
func absoluteWorkdir(path string) bool {
	switch {
	case strings.HasPrefix(path, "/"), strings.HasPrefix(path, "$"):
		return true
	case len(path) >= 2 && path[1] == ':':
		c := path[0] | 0x20
		return c >= 'a' && c <= 'z'
	}
	return false
}
