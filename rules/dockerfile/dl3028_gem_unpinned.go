package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3028_gem_unpinned.md
var dl3028Doc string

// DL3028 flags gem install gems without a version.
var DL3028 = &lint.Rule{
	Code: "DL3028", Name: "gem-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3028",
	Doc:      dl3028Doc,
	Requires: needsDockerfile,
	Run:      runDL3028,
}

// isGemSwitch reports whether a gem install option takes no value.
func isGemSwitch(name string) bool {
	switch name {
	case "-N", "--no-document", "--document", "--no-ri", "--no-rdoc", "--user-install",
		"--no-user-install", "-f", "--force", "--no-force", "--conservative", "--minimal-deps",
		"--prerelease", "--pre", "--no-prerelease", "-E", "--env-shebang", "--no-env-shebang",
		"--default", "--ignore-dependencies", "--development", "--development-all", "-l", "--local",
		"-r", "--remote", "-b", "--both", "-V", "--verbose", "--no-verbose", "-q", "--quiet", "--lock",
		"--no-lock", "--suggestions", "--no-suggestions", "--explain", "-w", "--wrappers",
		"--no-wrappers", "--vendor", "--post-install-message", "--no-post-install-message",
		"--clear-sources", "--update-sources", "--no-update-sources", "-u", "--backtrace", "--debug",
		"--norc", "--silent", "--no-silent":
		return true
	}
	return false
}

// gemInstall are the spellings of gem's install subcommand.
var gemInstall = []string{"install", "i"}

func runDL3028(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		if !f.MayMentionWord(in, "gem") || !mentionsAny(f, in, gemInstall) {
			return // see runCallsNaming: skip the shell parse
		}
		calls := runCalls(in)
		for i := range calls {
			c := &calls[i]
			if c.Name != "gem" || c.Sub() != "install" && c.Sub() != "i" {
				continue
			}
			var gems []df.CmdWord
			pinned, afterSub, skipNext := false, false, false
			for _, w := range c.Words {
				if w.Value == "--" {
					break
				}
				if skipNext {
					skipNext = false
					continue
				}
				if strings.HasPrefix(w.Value, "-") && len(w.Value) > 1 {
					name, _, hasValue := strings.Cut(w.Value, "=")
					if name == "-v" || name == "--version" || strings.HasPrefix(name, "-v") && !strings.HasPrefix(name, "--") {
						pinned = true
					}
					// An unknown option takes the next word, unless it is a
					// cluster of short ones (-Nq).
					cluster := len(name) > 2 && name[1] != '-'
					skipNext = !hasValue && !isGemSwitch(name) && !cluster
					continue
				}
				if !afterSub {
					afterSub = true
					continue
				}
				gems = append(gems, w)
			}
			if pinned {
				continue
			}
			for _, g := range gems {
				if !g.Literal || strings.Contains(g.Value, ":") || strings.HasSuffix(g.Value, ".gem") {
					continue
				}
				lint.Reportf(pass, f, g.Span, "gem installs %s without a version; pin it as %s:<version>", g.Value, g.Value)
			}
		}
	})
	return nil, nil
}
