package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3060_yarn_cache_not_cleaned.md
var dl3060Doc string

// DL3060 flags yarn install without a later yarn cache clean.
var DL3060 = &lint.Rule{
	Code: "DL3060", Name: "yarn-cache-not-cleaned", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3060",
	Doc:      dl3060Doc,
	Requires: needsDockerfile,
	Run:      runDL3060,
}

func runDL3060(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	layered := build.LayeredStages(f)
	for _, in := range f.Instructions {
		if in.Is("RUN") && (in.Stage == nil || layered[in.Stage.Index]) {
			checkYarnCache(pass, f, in)
		}
		if in.Onbuild != nil && in.Onbuild.Is("RUN") {
			checkYarnCache(pass, f, in.Onbuild)
		}
	}
	return nil, nil
}

func checkYarnCache(pass *analysis.Pass, f *df.File, in *df.Instruction) {
	if hasCacheMount(in, func(t string) bool { return strings.HasSuffix(t, ".cache/yarn") }) {
		return
	}
	if !f.MayMentionWord(in, "yarn") || !f.MayMentionWord(in, "install") {
		return // see runCallsNaming: skip the shell parse
	}
	calls := runCalls(in)
	for i := range calls {
		p, ok := readPMCall(in, &calls[i], []string{"yarn"}, []string{"install"}, nil)
		if !ok || laterCall(in, p.NameSpan.Start, func(c *df.Call) bool { return isCall(c, "yarn", "cache", "clean") }) {
			continue
		}
		lint.Report(pass, f, p.head(), "yarn install leaves its cache in the layer; run yarn cache clean in the same RUN", nil)
	}
}
