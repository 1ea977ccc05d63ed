package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3014 flags apt-get install without -y.
var DL3014 = &lint.Rule{
	Code: "DL3014", Name: "apt-get-without-yes", Category: "dockerfile", Severity: lint.Warning,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3014",
	Doc: `apt-get install without -y

## Why
Without ` + "`-y`" + ` apt-get asks for confirmation before it installs anything
beyond the packages named. A build has no terminal to answer, so apt-get
reads end of input, aborts, and the RUN fails.

## Example
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install curl\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN apt-get update && apt-get install -y curl\n```" + `

## Fix safety
The fix inserts ` + "` -y`" + ` after ` + "`install`" + `. It is safe: it only answers
the prompt that would otherwise abort the build.

## References
hadolint DL3014. ` + "`--yes`, `--assume-yes`, `-qq`, `-q -q` and `-q=2`" + ` (quiet
level 2 implies yes) count as the option too.`,
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
