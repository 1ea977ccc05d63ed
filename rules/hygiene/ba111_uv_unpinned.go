package hygiene

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba111_uv_unpinned.md
var ba111Doc string

// BA111 flags uv taken from its image or installer script without a
// version: each build gets whatever uv is newest that day.
var BA111 = &lint.Rule{
	Code:     "BA111",
	Name:     "uv-unpinned",
	Category: "hygiene",
	Severity: lint.Warning,
	Doc:      ba111Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.UVSourcesAnalyzer},
	Run:      runBA111,
}

func runBA111(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, s := range build.UVSourcesOf(pass) {
		// A base image floats with its whole content, not uv alone (DL3006
		// and DL3007 speak of it); pip installs of uv are BA104's.
		if !s.Known || s.Pinned() || s.FromBase || s.Kind == build.UVPip {
			continue
		}
		switch s.Kind {
		case build.UVImage:
			what := s.Text
			if !strings.Contains(what[strings.LastIndexByte(what, '/')+1:], ":") {
				what += " with no tag (latest)"
			}
			lint.Reportf(pass, f, s.Span, "uv comes from %s, a tag that moves with every uv release: pin a version (ghcr.io/astral-sh/uv:X.Y.Z) so that rebuilds get the same uv", what)
		case build.UVInstaller:
			lint.Reportf(pass, f, s.Span, "uv's installer script %s installs whatever uv is newest at build time: use https://astral.sh/uv/X.Y.Z/install.sh, or COPY --from=ghcr.io/astral-sh/uv:X.Y.Z", s.Text)
		default:
		}
	}
	return nil, nil
}
