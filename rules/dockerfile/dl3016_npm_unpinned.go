package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3016_npm_unpinned.md
var dl3016Doc string

// DL3016 flags npm install packages without a version.
var DL3016 = &lint.Rule{
	Code: "DL3016", Name: "npm-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3016",
	Doc:      dl3016Doc,
	Requires: needsDockerfile,
	Run:      runDL3016,
}

// npmValueFlag reports whether an npm option takes the next word.
func npmValueFlag(name string) bool {
	switch name {
	case "--registry", "--loglevel", "--prefix", "--cache", "--tag", "-w", "--workspace", "--userconfig",
		"--globalconfig", "--omit", "--include", "--install-strategy", "--before", "--scope",
		"--auth-type", "--otp", "--script-shell":
		return true
	}
	return false
}

func runDL3016(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"npm"}, []string{"install", "i", "add"}, npmValueFlag, func(p *pmCall) {
		for _, o := range p.ops() {
			if !o.Literal || npmPinned(o.Value) {
				continue
			}
			lint.Reportf(pass, f, o.Span, "npm installs %s without a version; pin it as %s", o.Value, npmPinHint(o.Value))
		}
	})
	return nil, nil
}

// npmPinned reports whether an npm install operand names a version or
// needs none.
func npmPinned(pkg string) bool {
	switch {
	case strings.HasPrefix(pkg, "/"), strings.HasPrefix(pkg, "."), strings.HasPrefix(pkg, "~"):
		return true // a local folder or file
	case strings.HasSuffix(pkg, ".tar"), strings.HasSuffix(pkg, ".tar.gz"), strings.HasSuffix(pkg, ".tgz"):
		return true
	case strings.Contains(pkg, "://") || strings.HasPrefix(pkg, "git+") || strings.HasPrefix(pkg, "github:"):
		return strings.Contains(pkg, "#")
	case strings.HasPrefix(pkg, "@"):
		_, rest, _ := strings.Cut(pkg, "/")
		return strings.Contains(rest, "@")
	}
	return strings.Contains(pkg, "@")
}

func npmPinHint(pkg string) string {
	if strings.Contains(pkg, "://") || strings.HasPrefix(pkg, "git+") || strings.HasPrefix(pkg, "github:") {
		return pkg + "#<tag or commit>"
	}
	return pkg + "@<version>"
}
