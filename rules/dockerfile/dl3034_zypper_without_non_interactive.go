package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3034_zypper_without_non_interactive.md
var dl3034Doc string

// DL3034 flags zypper commands that can prompt, run without -n.
var DL3034 = &lint.Rule{
	Code: "DL3034", Name: "zypper-without-non-interactive", Category: "dockerfile", Severity: lint.Warning,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3034",
	Doc:      dl3034Doc,
	Requires: needsDockerfile,
	Run:      runDL3034,
}

// zypperValueFlag reports whether a zypper option takes the next word.
func zypperValueFlag(name string) bool {
	switch name {
	case "-c", "--config", "-R", "--root", "-r", "--repo", "--from", "-t", "--type", "--installroot",
		"--releasever", "--reposd-dir", "--cache-dir", "--raw-cache-dir", "--solv-cache-dir",
		"--pkg-cache-dir", "-D":
		return true
	}
	return false
}

func runDL3034(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	subs := []string{"install", "in", "remove", "rm", "source-install", "si", "patch"}
	eachPMCall(f, []string{"zypper"}, subs, zypperValueFlag, func(p *pmCall) {
		if p.Has("-n", "--non-interactive", "-y", "--no-confirm") {
			return
		}
		lint.Report(pass, f, p.head(), "zypper "+p.sub().Value+" without -n stops at a confirmation prompt the build cannot answer",
			insertAfter(f, p.NameSpan, "Add -n", " -n"))
	})
	return nil, nil
}
