package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3013_pip_unpinned.md
var dl3013Doc string

// DL3013 flags pip install packages without a version specifier.
var DL3013 = &lint.Rule{
	Code: "DL3013", Name: "pip-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3013",
	Doc:      dl3013Doc,
	Requires: needsDockerfile,
	Run:      runDL3013,
}

func runDL3013(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(_ *df.Instruction, c *df.Command) {
		if c.Has("-r", "--requirement", "-c", "--constraint") {
			return
		}
		for _, a := range c.Args {
			if a.Literal && !pipPinned(a.Value) {
				reportDL3013(pass, f, a.Span, a.Value)
			}
		}
	}, df.PipInstall)
	f.Walk(func(in *df.Instruction) {
		if !in.Is("RUN") || !f.MayMentionWord(in, "pipx") {
			return
		}
		for c := range ownCalls(in) {
			args := c.Words
			if c.Name != "pipx" || len(args) == 0 || !args[0].Literal || args[0].Value != "install" {
				continue
			}
			for i := 1; i < len(args); i++ {
				a := args[i]
				if a.Literal && strings.HasPrefix(a.Value, "-") {
					if pipxValueFlag(a.Value) {
						i++
					}
					continue
				}
				if a.Literal && a.Value != "" && !pipPinned(a.Value) {
					reportDL3013(pass, f, a.Span, a.Value)
				}
			}
		}
	})
	return nil, nil
}

func reportDL3013(pass *analysis.Pass, f *df.File, sp df.Span, pkg string) {
	if isVCS(pkg) {
		lint.Reportf(pass, f, sp, "pip installs %s without a pinned ref; add @<tag or commit> to the repository URL", pkg)
		return
	}
	lint.Reportf(pass, f, sp, "pip installs %s without a version; pin it as %s==<version>", pkg, pkg)
}

// pipxValueFlag reports whether a pipx install option takes the next word.
func pipxValueFlag(name string) bool {
	switch name {
	case "--python", "--pip-args", "--index-url", "-i", "--suffix", "--preinstall", "--backend":
		return true
	}
	return false
}

// pipPinned reports whether a pip operand needs no version: it has a
// specifier, or it is a path, URL, archive or pinned VCS reference.
func pipPinned(s string) bool {
	if isVCS(s) {
		rest := s
		if i := strings.Index(rest, "://"); i >= 0 {
			rest = rest[i+3:]
		}
		// user@host is not a ref: look after the host.
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest = rest[i:]
		}
		return strings.Contains(rest, "@")
	}
	return s == "." || strings.ContainsAny(s, "=<>/") ||
		strings.HasSuffix(s, ".whl") || strings.HasSuffix(s, ".tar.gz")
}

// isVCS reports whether a pip operand is a VCS URL (git+https://…).
func isVCS(s string) bool {
	for _, vcs := range []string{"git+", "hg+", "svn+", "bzr+"} {
		if strings.HasPrefix(s, vcs) {
			return true
		}
	}
	return false
}
