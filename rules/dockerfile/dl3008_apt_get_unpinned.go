package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3008_apt_get_unpinned.md
var dl3008Doc string

// DL3008 flags apt-get install packages without a pinned version.
var DL3008 = &lint.Rule{
	Code: "DL3008", Name: "apt-get-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3008",
	Doc:      dl3008Doc,
	Requires: needsDockerfile,
	Run:      runDL3008,
}

func runDL3008(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		for _, a := range c.Args {
			if !a.Literal || strings.Contains(a.Value, "=") || strings.Contains(a.Value, "/") ||
				strings.HasSuffix(a.Value, ".deb") {
				continue
			}
			lint.Reportf(pass, f, a.Span, "apt-get installs %s without a version; pin it as %s=<version>", a.Value, a.Value)
		}
	}, df.AptGetInstall)
	return nil, nil
}
