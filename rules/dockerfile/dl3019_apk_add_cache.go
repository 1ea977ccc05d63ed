package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3019 flags apk add without --no-cache.
var DL3019 = &lint.Rule{
	Code: "DL3019", Name: "apk-add-without-no-cache", Category: "dockerfile", Severity: lint.Info,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3019",
	Doc: `apk add without --no-cache

## Why
Without ` + "`--no-cache`" + ` apk keeps the package index it downloads in
` + "`/var/cache/apk`" + `, and that index ends up in the image layer: megabytes
that nothing at run time reads.

## Example
` + "```dockerfile\nFROM alpine:3.20\nRUN apk add curl=8.12.1-r0\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0\n```" + `

## Fix safety
The fix inserts ` + "` --no-cache`" + ` after ` + "`add`" + `. It is safe: apk fetches
the index for this run and installs the same packages, only without
storing the index.

## References
hadolint DL3019. A cache or tmpfs mount on ` + "`/var/cache/apk`" + ` keeps the
index out of the layer too and is not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3019,
}

func runDL3019(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachInstall(f, func(in *df.Instruction, c *df.Command) {
		if c.Has("--no-cache") || hasCacheMount(in, func(t string) bool { return t == "/var/cache/apk" }) {
			return
		}
		fix := insertAfterSubcommand(f, c, "add", "Add --no-cache", " --no-cache")
		lint.Report(pass, f, headSpan(c, "add"), "apk add without --no-cache leaves the package index in the layer", fix)
	}, df.ApkAdd)
	return nil, nil
}
