package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// BK014 is BuildKit's InvalidBaseImagePlatform check. It needs the base
// image's configuration from a registry, which ballast never fetches, so it
// reports nothing; it is listed so that its name is known to `# check=`,
// `--select` and `ballast explain`.
var BK014 = &lint.Rule{
	Code: "BK014", Name: "InvalidBaseImagePlatform", Category: "buildkit", Severity: lint.Warning,
	Doc: `base image platform differs from the target platform

## Why
When the image a FROM line resolves to was built for another OS or
architecture than the one being built (an amd64-only image in an arm64
build, or a ` + "`--platform`" + ` that the image does not provide), the build either
fails later with "exec format error" or runs under emulation, slowly.

## Example
` + "```dockerfile" + `
# the image only exists for linux/amd64
FROM --platform=linux/arm64 example.com/tools:1.0
` + "```" + `

## Use instead
` + "```dockerfile" + `
# pick an image (or tag) published for the target platform
FROM --platform=linux/arm64 example.com/tools:1.0-arm64
` + "```" + `

## Limitations
BuildKit decides this by comparing the platform in the base image's
configuration, fetched from the registry, with the platform requested for
the stage. ballast never touches the network and has no image metadata, so
this rule never reports anything: it exists so that the name is accepted by
` + "`# check=skip=InvalidBaseImagePlatform`" + `, ` + "`--select`" + ` and ` + "`ballast explain`" + `. A
stage built on another stage of the same Dockerfile is never checked by
BuildKit either: it inherits that stage's platform.

## References
BuildKit check InvalidBaseImagePlatform (docker build --check); BuildKit
gives it no documentation page.`,
	Requires: requires,
	Run:      runBK014,
}

func runBK014(*analysis.Pass) (any, error) {
	// Needs registry metadata; see ## Limitations.
	return nil, nil
}
