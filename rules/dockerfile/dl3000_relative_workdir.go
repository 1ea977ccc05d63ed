package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3000_relative_workdir.md
var dl3000Doc string

// DL3000 flags a WORKDIR whose path is relative.
var DL3000 = &lint.Rule{
	Code: "DL3000", Name: "relative-workdir", Category: "dockerfile", Severity: lint.Error,
	Aliases:  []string{"BK010"},
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3000",
	Doc:      dl3000Doc,
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
