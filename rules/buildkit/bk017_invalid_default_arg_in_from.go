package buildkit

import (
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/distribution/reference"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// BK017 is BuildKit's InvalidDefaultArgInFrom check.
var BK017 = &lint.Rule{
	Code: "BK017", Name: "InvalidDefaultArgInFrom", Category: "buildkit", Severity: lint.Warning,
	URL: docURL("invalid-default-arg-in-from"),
	Doc: `base image is empty or invalid with the ARG defaults

## Why
A FROM line built from global ARGs should still name a valid image when the
build is run without ` + "`--build-arg`" + `. When an ARG has no default (or a
default that leaves the reference incomplete, like ` + "`busybox:`" + `), a plain
` + "`docker build`" + ` fails, and tools that read the Dockerfile without build
arguments (image scanners, dependency updaters) cannot tell what the base
image is.

## Example
` + "```dockerfile" + `
ARG VERSION
FROM python:$VERSION
` + "```" + `

## Use instead
` + "```dockerfile" + `
ARG VERSION=3.12-slim
FROM python:$VERSION
` + "```" + `

## References
BuildKit check InvalidDefaultArgInFrom (docker build --check). The base
name is expanded with BuildKit's own lexer using only the ARG defaults
before the first FROM and the predefined platform ARGs (for linux/amd64),
and validated with the same reference parser BuildKit uses
(github.com/distribution/reference). Like BuildKit, only the file's
` + "`# check=`" + ` directive applies, not a comment above the FROM, and the check
gives up on the whole file when a default cannot be expanded.`,
	Requires: requiresDispatch,
	Run:      runBK017,
}

func runBK017(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f, linter.RuleInvalidDefaultArgInFrom.Name)
	for x := range dispatchOf(pass).froms() {
		if x.baseErr != nil {
			return nil, nil // BuildKit abandons the check here
		}
		if _, err := reference.ParseNormalizedNamed(x.base.Result); err != nil {
			from := x.stage.From
			r.report(nil, firstLineSpan(f, from, fromBaseSpan(from)), linter.RuleInvalidDefaultArgInFrom.Format(x.stage.Typed.BaseName))
		}
	}
	return nil, nil
}
