package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3029_from_platform_flag.md
var dl3029Doc string

// DL3029 flags FROM --platform with a value that is not derived from the
// build's own platform arguments.
var DL3029 = &lint.Rule{
	Code: "DL3029", Name: "from-platform-flag", Category: "dockerfile", Severity: lint.Warning,
	Aliases:  []string{"BK018"},
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3029",
	Doc:      dl3029Doc,
	Requires: needsDockerfile,
	Run:      runDL3029,
}

func runDL3029(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		fl := st.From.Flag("platform")
		if fl == nil || fl.Value == "" || mentionsPlatformArg(fl.Value) || namedForPlatform(st.Name, fl.Value) {
			continue
		}
		lint.Reportf(pass, f, fl.Span, "FROM --platform=%s pins the stage to one platform; use $BUILDPLATFORM or $TARGETPLATFORM", fl.Value)
	}
	return nil, nil
}

// mentionsPlatformArg reports whether v names one of BuildKit's automatic
// platform arguments.
func mentionsPlatformArg(v string) bool {
	for _, a := range df.PlatformArgs {
		if strings.Contains(v, a) {
			return true
		}
	}
	return false
}

// namedForPlatform reports whether a stage's name says which platform it is
// for (`FROM --platform=linux/arm64 … AS build-arm64`): one stage per
// platform, picked by a later `FROM build-${TARGETARCH}`, is pinned on
// purpose. BuildKit's FromPlatformFlagConstDisallowed makes the same
// exception.
func namedForPlatform(stage, platform string) bool {
	if stage == "" {
		return false
	}
	parts := strings.Split(strings.ToLower(strings.Trim(platform, `"'`)), "/")
	for _, p := range parts[:min(len(parts), 2)] {
		if p != "" && strings.Contains(stage, p) {
			return true
		}
	}
	return false
}
