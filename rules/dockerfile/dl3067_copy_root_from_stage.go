package dockerfile

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3067_copy_root_from_stage.md
var dl3067Doc string

// DL3067 flags COPY --from=<stage> / /, which copies a whole filesystem.
var DL3067 = &lint.Rule{
	Code: "DL3067", Name: "copy-whole-filesystem", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3067",
	Doc:      dl3067Doc,
	Requires: needsDockerfile,
	Run:      runDL3067,
}

func runDL3067(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		from := in.Flag("from")
		if !in.Is("COPY") || from == nil {
			continue
		}
		srcs, dest, ok := copySourcesAndDest(in)
		if !ok || trimPathQuotes(dest.Value) != "/" {
			continue
		}
		for _, src := range srcs {
			if trimPathQuotes(src.Value) == "/" {
				lint.Reportf(pass, f, src.Span, "COPY --from=%s copies the whole filesystem of %s into /; copy only what the image needs", from.Value, from.Value)
				break
			}
		}
	}
	return nil, nil
}
