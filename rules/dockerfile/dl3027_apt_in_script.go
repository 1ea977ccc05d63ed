package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3027_apt_in_script.md
var dl3027Doc string

// DL3027 flags apt, the interactive front end, in RUN.
var DL3027 = &lint.Rule{
	Code: "DL3027", Name: "apt-in-run", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3027",
	DocFile:  "rules/dockerfile/dl3027_apt_in_script.md",
	Doc:      dl3027Doc,
	Requires: needsDockerfile,
	Run:      runDL3027,
}

// isAptGetSubcommand reports whether apt-get runs apt's subcommand alike.
func isAptGetSubcommand(name string) bool {
	switch name {
	case "install", "update", "upgrade", "remove", "purge", "autoremove", "dist-upgrade", "clean",
		"autoclean":
		return true
	}
	return false
}

// aptValueFlag reports whether an apt option takes the next word as value.
func aptValueFlag(name string) bool {
	switch name {
	case "-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a",
		"--host-architecture", "-P", "--build-profiles", "-S", "--snapshot":
		return true
	}
	return false
}

func runDL3027(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		for _, c := range runCallsNaming(f, in, "apt") {
			if c.Name != "apt" {
				continue
			}
			_, ops := c.Flags(aptValueFlag)
			sub := ""
			if len(ops) > 0 && ops[0].Literal {
				sub = ops[0].Value
			}
			var fix *analysis.SuggestedFix
			name := string(f.Src[c.NameSpan.Start:c.NameSpan.End])
			if isAptGetSubcommand(sub) && strings.HasSuffix(name, "apt") {
				end := c.NameSpan.End
				fix = lint.Replace(f, "Replace apt with apt-get", df.Span{Start: end - len("apt"), End: end}, "apt-get")
			}
			msg := "apt is meant for interactive use; use apt-get"
			if sub != "" {
				msg = "apt " + sub + " is meant for interactive use; use apt-get or apt-cache"
				if isAptGetSubcommand(sub) {
					msg = "apt " + sub + " is meant for interactive use; use apt-get " + sub
				}
			}
			lint.Report(pass, f, c.NameSpan, msg, fix)
		}
	})
	return nil, nil
}
