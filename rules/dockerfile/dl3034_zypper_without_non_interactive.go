package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3034 flags zypper commands that can prompt, run without -n.
var DL3034 = &lint.Rule{
	Code: "DL3034", Name: "zypper-without-non-interactive", Category: "dockerfile", Severity: lint.Warning,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3034",
	Doc: `zypper install without -n

## Why
Without ` + "`-n`" + ` (` + "`--non-interactive`" + `) zypper asks for confirmation
before it changes anything. A build has no terminal to answer, so zypper
reads end of input, aborts, and the RUN fails.

## Example
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0 && zypper clean\n```" + `

## Use instead
` + "```dockerfile\nFROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean\n```" + `

## Fix safety
The fix inserts the global option ` + "`-n`" + ` right after ` + "`zypper`" + `, not after
the subcommand: there ` + "`-n`" + ` means ` + "`--name`" + ` to ` + "`install`" + `. It is safe: it
only answers the prompt that would otherwise abort the build.

## References
hadolint DL3034, for ` + "`install`, `in`, `remove`, `rm`, `source-install`, `si`\nand `patch`; `--non-interactive`, `-y` and `--no-confirm`" + ` count as the
option too.`,
	Requires: needsDockerfile,
	Run:      runDL3034,
}

// zypperValueFlags are the zypper options that take the next word.
var zypperValueFlags = map[string]bool{
	"-c": true, "--config": true, "-R": true, "--root": true, "-r": true, "--repo": true,
	"--from": true, "-t": true, "--type": true, "--installroot": true, "--releasever": true,
	"--reposd-dir": true, "--cache-dir": true, "--raw-cache-dir": true, "--solv-cache-dir": true,
	"--pkg-cache-dir": true, "-D": true,
}

func runDL3034(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	subs := []string{"install", "in", "remove", "rm", "source-install", "si", "patch"}
	eachPMCall(f, []string{"zypper"}, subs, zypperValueFlags, func(p *pmCall) {
		if p.Has("-n", "--non-interactive", "-y", "--no-confirm") {
			return
		}
		lint.Report(pass, f, p.head(), "zypper "+p.sub().Value+" without -n stops at a confirmation prompt the build cannot answer",
			insertAfter(f, p.NameSpan, "Add -n", " -n"))
	})
	return nil, nil
}
