package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3006_untagged_image.md
var dl3006Doc string

// DL3006 flags a FROM image with neither a tag nor a digest.
var DL3006 = &lint.Rule{
	Code: "DL3006", Name: "untagged-image", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3006",
	Doc:      dl3006Doc,
	Requires: needsDockerfile,
	Run:      runDL3006,
}

func runDL3006(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	x, noVars := df.NewExpander(f), df.NewEnv(0)
	earlier := map[string]bool{}
	for _, st := range f.Stages {
		w, ok := fromImageWord(st.From)
		if ok {
			// BuildKit removes quotes and expands variables in the global
			// scope; a name built from a variable (`base-$TARGETOS`, a
			// stage per platform, or an image the build picks) is known
			// only at build time.
			res, err := x.WithMatches(w.Value, noVars)
			name := res.Result
			ref := df.ParseImageRef(name)
			switch {
			case err != nil, len(res.Matched) > 0, len(res.Unmatched) > 0:
			case ref.Tag != "" || ref.Digest != "":
			case strings.EqualFold(name, "scratch"), earlier[strings.ToLower(name)]:
			default:
				lint.Reportf(pass, f, w.Span, "image %q has no tag or digest: it means %s:latest", name, name)
			}
		}
		if st.Name != "" {
			earlier[st.Name] = true
		}
	}
	return nil, nil
}
