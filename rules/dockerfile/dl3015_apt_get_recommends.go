package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3015 flags apt-get install without --no-install-recommends.
var DL3015 = &lint.Rule{
	Code: "DL3015", Name: "apt-get-install-recommends", Category: "dockerfile", Severity: lint.Info,
	Fix: lint.UnsafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3015",
	Doc: `apt-get install without --no-install-recommends

## Why
By default apt-get also installs the packages the named ones only
recommend: documentation, optional tools, whole desktop libraries. They
make the image larger and widen its attack surface, and the image rarely
needs them.

## Example
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install -y python3\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends python3\n```" + `

## Fix safety
The fix inserts ` + "` --no-install-recommends`" + ` after ` + "`install`" + `. It is
unsafe: fewer packages get installed, and the image may have relied on one
of the recommended ones; add those by name.

## References
hadolint DL3015. ` + "`-o APT::Install-Recommends=false`" + ` counts as the option.`,
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
