package dockerfile

import (
	_ "embed"
	"slices"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3009_apt_lists_not_removed.md
var dl3009Doc string

// DL3009 flags apt-get update whose package lists stay in the layer.
var DL3009 = &lint.Rule{
	Code: "DL3009", Name: "apt-lists-not-removed", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3009",
	Doc:      dl3009Doc,
	Requires: needsDockerfile,
	Run:      runDL3009,
}

func runDL3009(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	layered := build.LayeredStages(f)
	for _, in := range f.Instructions {
		if in.Is("RUN") && (in.Stage == nil || layered[in.Stage.Index]) {
			checkAptLists(pass, f, in)
		}
		if in.Onbuild != nil && in.Onbuild.Is("RUN") {
			checkAptLists(pass, f, in.Onbuild)
		}
	}
	return nil, nil
}

func checkAptLists(pass *analysis.Pass, f *df.File, in *df.Instruction) {
	if !f.MayMention(in, "apt") {
		return // no apt-get, apt or aptitude to run an update
	}
	if hasCacheMount(in, func(t string) bool { return t == "/var/lib/apt/lists" }) ||
		hasCacheMount(in, func(t string) bool { return t == "/var/lib/apt" }) &&
			hasCacheMount(in, func(t string) bool { return t == "/var/cache/apt" }) {
		return
	}
	type update struct {
		sp   df.Span
		prog string
	}
	var updates []update
	for c := range ownCalls(in) {
		switch c.Name {
		case "apt-get", "apt", "aptitude":
			for _, a := range c.Words {
				if a.Literal && strings.HasPrefix(a.Value, "-") {
					continue
				}
				if a.Literal && a.Value == "update" {
					updates = append(updates, update{df.Span{Start: c.NameSpan.Start, End: a.Span.End}, c.Name})
				}
				if a.Literal && a.Value == "dist-clean" {
					return // apt 2.7.8+ (Debian 13, Ubuntu 24.04): removes the lists
				}
				break
			}
		case "rm":
			if slices.ContainsFunc(c.Words, func(a df.CmdWord) bool {
				return a.Literal && strings.HasPrefix(a.Value, "/var/lib/apt/lists")
			}) {
				return
			}
		}
	}
	if len(updates) > 0 {
		// One RUN, one layer, one problem: the first update stands for
		// the others.
		u := updates[0]
		lint.Reportf(pass, f, u.sp, "%s update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN", u.prog)
	}
}
