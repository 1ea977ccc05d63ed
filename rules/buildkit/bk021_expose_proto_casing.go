package buildkit

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk021_expose_proto_casing.md
var bk021Doc string

// BK021 is BuildKit's ExposeProtoCasing check.
var BK021 = &lint.Rule{
	Code: "BK021", Name: "ExposeProtoCasing", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("expose-proto-casing"),
	Doc:            bk021Doc,
	Requires:       requiresDispatch,
	Run:            runBK021,
}

func runBK021(pass *analysis.Pass) (any, error) {
	reportExposedPorts(pass, linter.RuleExposeProtoCasing, func(p exposedPort) bool {
		return p.proto != strings.ToLower(p.proto)
	})
	return nil, nil
}
