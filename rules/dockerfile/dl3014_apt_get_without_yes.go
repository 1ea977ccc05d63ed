package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3014_apt_get_without_yes.md
var dl3014Doc string

// DL3014 flags apt-get install without -y.
var DL3014 = &lint.Rule{
	Code: "DL3014", Name: "apt-get-without-yes", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3014",
	Doc:      dl3014Doc,
	Requires: needsDockerfile,
	Run:      runDL3014,
}

func runDL3014(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		if c.Has("-y", "--yes", "--assume-yes") || aptQuietLevel(c) >= 2 {
			return
		}
		fix := insertAfterSubcommand(f, c, "install", "Add -y", " -y")
		lint.Report(pass, f, headSpan(c, "install"), "apt-get install without -y stops at a confirmation prompt the build cannot answer", fix)
	}, df.AptGetInstall)
	return nil, nil
}

// aptQuietLevel is the quiet level of an apt-get call: one per -q or
// --quiet, or the value of -q=N / --quiet=N.
func aptQuietLevel(c *df.Command) int {
	level := 0
	for _, fl := range c.Flags {
		if fl.Name != "-q" && fl.Name != "--quiet" {
			continue
		}
		if !fl.HasValue {
			level++
			continue
		}
		n := 0
		for _, r := range fl.Value {
			if r < '0' || r > '9' {
				n = 0
				break
			}
			n = n*10 + int(r-'0')
		}
		level = max(level, n)
	}
	return level
}
