package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3023 flags COPY --from naming the stage it is in.
var DL3023 = &lint.Rule{
	Code: "DL3023", Name: "copy-from-own-stage", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3023",
	Doc: `COPY --from names its own stage

## Why
A stage cannot copy from itself: its filesystem is what is being built.
BuildKit rejects the build with a circular dependency. The name usually
should have been the stage above.

## Example
` + "```dockerfile\nFROM node:22 AS build\nCOPY --from=build /src/dist /app\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22 AS deps\nRUN npm ci\n\nFROM node:22 AS build\nCOPY --from=deps /app/node_modules /app/node_modules\n```" + `

## References
hadolint DL3023. The stage name is compared without regard to case, as
BuildKit resolves it. A COPY inside ONBUILD is not checked.`,
	Requires: needsDockerfile,
	Run:      runDL3023,
}

func runDL3023(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		if st.Name == "" {
			continue
		}
		for _, in := range st.Instructions {
			if !in.Is("COPY") {
				continue
			}
			if fl := in.Flag("from"); fl != nil && strings.ToLower(fl.Value) == st.Name {
				lint.Reportf(pass, f, fl.ValueSpan, "--from=%s names the stage this COPY is in; a stage cannot copy from itself", fl.Value)
			}
		}
	}
	return nil, nil
}
