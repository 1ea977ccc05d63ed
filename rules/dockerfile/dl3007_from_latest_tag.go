package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3007_from_latest_tag.md
var dl3007Doc string

// DL3007 flags a FROM image tagged latest without a digest.
var DL3007 = &lint.Rule{
	Code: "DL3007", Name: "from-latest-tag", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3007",
	Doc:      dl3007Doc,
	Requires: needsDockerfile,
	Run:      runDL3007,
}

func runDL3007(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		w, ok := fromImageWord(st.From)
		if !ok {
			continue
		}
		ref := df.ParseImageRef(w.Value)
		if ref.Tag != "latest" || ref.Digest != "" {
			continue
		}
		sp := wordSubSpan(f, w, ref.TagAt, ref.TagAt+len(ref.Tag))
		lint.Reportf(pass, f, sp, "image %q uses the latest tag; pin a version", ref.Name)
	}
	return nil, nil
}
