package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3041_dnf_unpinned.md
var dl3041Doc string

// DL3041 flags dnf install packages without a version.
var DL3041 = &lint.Rule{
	Code: "DL3041", Name: "dnf-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3041",
	Doc:      dl3041Doc,
	Requires: needsDockerfile,
	Run:      runDL3041,
}

func runDL3041(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachPMCall(f, []string{"dnf", "microdnf"}, []string{"install", "module"}, yumValueFlag, func(p *pmCall) {
		reportRPMUnpinned(pass, f, p)
	})
	return nil, nil
}

// reportRPMUnpinned reports the unpinned packages of a yum, dnf or
// microdnf `install` or `module install`.
func reportRPMUnpinned(pass *analysis.Pass, f *df.File, p *pmCall) {
	ops, module := p.ops(), p.sub().Value == "module"
	if module {
		if len(ops) == 0 || ops[0].Value != "install" {
			return
		}
		ops = ops[1:]
	}
	var vars map[string]bool
	for _, o := range ops {
		switch {
		case module:
			if o.Literal && !strings.Contains(o.Value, ":") {
				lint.Reportf(pass, f, o.Span, "%s module install enables %s without a stream; pin it as %s:<stream>", p.Call.Name, o.Value, o.Value)
			}
			continue
		case strings.HasSuffix(o.Value, ".rpm") || strings.HasPrefix(o.Value, "@"):
			continue
		case !o.Literal:
			if strings.Contains(o.Value, "$(") || strings.Contains(o.Value, "`") {
				continue // a command's output: unknown
			}
			if vars == nil {
				vars = knownVars(f, p.in)
			}
			if !expandsKnown(o.Value, vars) {
				lint.Reportf(pass, f, o.Span, "%s installs %s, whose version rests on a variable no ARG or ENV declares", p.Call.Name, o.Value)
			}
			continue
		case rpmPinned(o.Value):
			continue
		}
		lint.Reportf(pass, f, o.Span, "%s installs %s without a version; pin it as %s-<version>", p.Call.Name, o.Value, o.Value)
	}
}
