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

// gemSwitches are the gem install options that take no value.
var gemSwitches = map[string]bool{
	"-N": true, "--no-document": true, "--document": true, "--no-ri": true, "--no-rdoc": true,
	"--user-install": true, "--no-user-install": true, "-f": true, "--force": true, "--no-force": true,
	"--conservative": true, "--minimal-deps": true, "--prerelease": true, "--pre": true, "--no-prerelease": true,
	"-E": true, "--env-shebang": true, "--no-env-shebang": true, "--default": true,
	"--ignore-dependencies": true, "--development": true, "--development-all": true,
	"-l": true, "--local": true, "-r": true, "--remote": true, "-b": true, "--both": true,
	"-V": true, "--verbose": true, "--no-verbose": true, "-q": true, "--quiet": true,
	"--lock": true, "--no-lock": true, "--suggestions": true, "--no-suggestions": true,
	"--explain": true, "-w": true, "--wrappers": true, "--no-wrappers": true, "--vendor": true,
	"--post-install-message": true, "--no-post-install-message": true, "--clear-sources": true,
	"--update-sources": true, "--no-update-sources": true, "-u": true, "--backtrace": true,
	"--debug": true, "--norc": true, "--silent": true, "--no-silent": true,
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
					skipNext = !hasValue && !gemSwitches[name] && !cluster
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
