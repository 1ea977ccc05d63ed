package buildkit

import (
	_ "embed"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk014_invalid_base_image_platform.md
var bk014Doc string

// BK014 is BuildKit's InvalidBaseImagePlatform check. It needs the base
// image's configuration from a registry, which ballast never fetches, so it
// reports nothing; it is listed so that its name is known to `# check=`,
// `--select` and `ballast explain`.
var BK014 = &lint.Rule{
	Code: "BK014", Name: "InvalidBaseImagePlatform", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	Doc:            bk014Doc,
	Requires:       requires,
	Run:            runBK014,
}

func runBK014(*analysis.Pass) (any, error) {
	// Needs registry metadata; see ## Limitations.
	return nil, nil
}
