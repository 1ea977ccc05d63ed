package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3019_apk_add_cache.md
var dl3019Doc string

// DL3019 flags apk add without --no-cache.
var DL3019 = &lint.Rule{
	Code: "DL3019", Name: "apk-add-without-no-cache", Category: "dockerfile", Severity: lint.Info,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3019",
	DocFile:  "rules/dockerfile/dl3019_apk_add_cache.md",
	Doc:      dl3019Doc,
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
