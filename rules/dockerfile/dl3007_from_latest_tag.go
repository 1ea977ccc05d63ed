package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3007 flags a FROM image tagged latest without a digest.
var DL3007 = &lint.Rule{
	Code: "DL3007", Name: "from-latest-tag", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3007",
	Doc: `FROM image with the latest tag

## Why
` + "`latest`" + ` is not a version: it moves to each new release of the image,
major ones included. A build that worked yesterday can break or behave
differently today without a line of the Dockerfile changing, and nobody
can tell from the file which base an image was built on.

## Example
` + "```dockerfile\nFROM node:latest\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22-bookworm-slim\n```" + `

## References
hadolint DL3007. As in hadolint, an image pinned by digest
(` + "`node:latest@sha256:…`" + `) is not reported: the digest decides what is
pulled.`,
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
