package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl1001_inline_ignore_pragma.md
var dl1001Doc string

// DL1001 flags inline `# hadolint ignore=` pragmas.
var DL1001 = &lint.Rule{
	Code: "DL1001", Name: "inline-ignore-pragma", Category: "dockerfile", Severity: lint.Info,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL1001",
	Doc:      dl1001Doc,
	Requires: needsDockerfile,
	Run:      runDL1001,
}

func runDL1001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, p := range f.Pragmas() {
		if p.Tool != "hadolint" || p.Kind != dockerfile.PragmaIgnore || !p.Valid {
			continue
		}
		codes := make([]string, len(p.Codes))
		for i, c := range p.Codes {
			codes[i] = c.Code
		}
		lint.Reportf(pass, f, p.Span, "inline pragma suppresses %s; ignore rules in the configuration instead", strings.Join(codes, ", "))
	}
	return nil, nil
}
