package dockerfile

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3067 flags COPY --from=<stage> / /, which copies a whole filesystem.
var DL3067 = &lint.Rule{
	Code: "DL3067", Name: "copy-whole-filesystem", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3067",
	Doc: `COPY --from copies a whole filesystem to /

## Why
` + "`COPY --from=build / /`" + ` layers the other stage's entire root filesystem
over this one: its package database, shell, libraries and caches replace
the ones of this image, which defeats a multi-stage build and can leave a
mix of two distributions. Copy the artifacts the image needs instead.

## Example
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static\nCOPY --from=build / /\n```" + `

## Use instead
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app ./cmd/app\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n```" + `

## References
hadolint DL3067: a COPY with --from, a source that is "/" and the
destination "/" (quotes removed).`,
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
