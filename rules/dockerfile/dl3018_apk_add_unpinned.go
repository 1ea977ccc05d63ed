package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3018_apk_add_unpinned.md
var dl3018Doc string

// DL3018 flags apk add packages without a version constraint.
var DL3018 = &lint.Rule{
	Code: "DL3018", Name: "apk-add-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3018",
	Doc:      dl3018Doc,
	Requires: needsDockerfile,
	Run:      runDL3018,
}

func runDL3018(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		for _, a := range c.Args {
			if !a.Literal || strings.ContainsAny(a.Value, "=~<>") || strings.HasSuffix(a.Value, ".apk") {
				continue
			}
			lint.Reportf(pass, f, a.Span, "apk adds %s without a version; pin it as %s=<version> or %s~<version>", a.Value, a.Value, a.Value)
		}
	}, df.ApkAdd)
	return nil, nil
}
