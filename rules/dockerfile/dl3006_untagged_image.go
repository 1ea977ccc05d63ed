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
	earlier := map[string]bool{}
	for _, st := range f.Stages {
		w, ok := fromImageWord(st.From)
		if ok {
			ref := df.ParseImageRef(w.Value)
			switch {
			case ref.Tag != "" || ref.Digest != "":
			case strings.EqualFold(w.Value, "scratch"), strings.HasPrefix(w.Value, "$"), earlier[strings.ToLower(w.Value)]:
			default:
				lint.Reportf(pass, f, w.Span, "image %q has no tag or digest: it means %s:latest", w.Value, w.Value)
			}
		}
		if st.Name != "" {
			earlier[st.Name] = true
		}
	}
	return nil, nil
}
