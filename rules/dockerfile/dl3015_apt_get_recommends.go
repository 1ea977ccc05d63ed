package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3015_apt_get_recommends.md
var dl3015Doc string

// DL3015 flags apt-get install without --no-install-recommends.
var DL3015 = &lint.Rule{
	Code: "DL3015", Name: "apt-get-install-recommends", Category: "dockerfile", Severity: lint.Info,
	Fix:      lint.UnsafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3015",
	DocFile:  "rules/dockerfile/dl3015_apt_get_recommends.md",
	Doc:      dl3015Doc,
	Requires: needsDockerfile,
	Run:      runDL3015,
}

func runDL3015(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		if c.Has("--no-install-recommends") {
			return
		}
		for _, v := range c.Values("-o", "--option") {
			k, val, _ := strings.Cut(v, "=")
			if strings.EqualFold(k, "APT::Install-Recommends") && (strings.EqualFold(val, "false") || val == "0") {
				return
			}
		}
		fix := insertAfterSubcommand(f, c, "install", "Add --no-install-recommends", " --no-install-recommends")
		lint.Report(pass, f, headSpan(c, "install"), "apt-get install without --no-install-recommends also installs recommended packages", fix)
	}, df.AptGetInstall)
	return nil, nil
}
