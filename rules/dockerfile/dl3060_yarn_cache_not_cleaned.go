package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3060 flags yarn install without a later yarn cache clean.
var DL3060 = &lint.Rule{
	Code: "DL3060", Name: "yarn-cache-not-cleaned", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3060",
	Doc: `yarn install without yarn cache clean in the same RUN

## Why
yarn keeps a copy of every package it downloads in its cache
(` + "`~/.cache/yarn`" + `), next to the copy in ` + "`node_modules`" + `. Only a clean in
the same RUN keeps the cache out of the layer.

## Example
` + "```dockerfile\nFROM node:22\nRUN yarn install --frozen-lockfile\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\n```" + `

## References
hadolint DL3060. As in hadolint, a cache or tmpfs mount on the yarn cache
(a target ending in ` + "`.cache/yarn`" + `) is not reported, and only the last
stage and the stages a later FROM builds on are checked; a RUN inside
ONBUILD is always checked.`,
	Requires: needsDockerfile,
	Run:      runDL3060,
}

func runDL3060(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	reach := stagesReachingImage(f)
	for _, in := range f.Instructions {
		if in.Is("RUN") && (in.Stage == nil || reachesImage(reach, in.Stage)) {
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
