package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3029 flags FROM --platform with a value that is not derived from the
// build's own platform arguments.
var DL3029 = &lint.Rule{
	Code: "DL3029", Name: "from-platform-flag", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3029",
	Doc: `FROM --platform pinned to a fixed platform

## Why
A stage is built for the platform the user asks for with
` + "`docker build --platform`" + `. A fixed ` + "`FROM --platform=linux/amd64`" + ` overrides that
choice: a multi-platform build then ships amd64 binaries under an arm64
manifest, or runs the stage under emulation. Derive the value from the
build's platform arguments instead: ` + "`$BUILDPLATFORM`" + ` for stages that run on
the builder (cross-compilers), ` + "`$TARGETPLATFORM`" + ` (the default) otherwise.

## Example
` + "```dockerfile\nFROM --platform=linux/amd64 golang:1.23 AS build\n```" + `

## Use instead
` + "```dockerfile\nFROM --platform=$BUILDPLATFORM golang:1.23 AS build\n```" + `

## References
hadolint DL3029. hadolint accepts a value only when it mentions
BUILDPLATFORM or TARGETPLATFORM; ballast also accepts the other automatic
platform arguments (` + "`$TARGETOS/$TARGETARCH`" + `, ` + "`$BUILDOS/$BUILDARCH`" + `, the
VARIANTs), which follow the requested platform just as well. BuildKit's
FromPlatformFlagConstDisallowed (BK018) reports a constant value only.`,
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
		if fl == nil || fl.Value == "" || mentionsPlatformArg(fl.Value) {
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
