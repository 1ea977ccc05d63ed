package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3024 flags a stage name used twice.
var DL3024 = &lint.Rule{
	Code: "DL3024", Name: "duplicate-stage-alias", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3024",
	Doc: `FROM with a stage name already used

## Why
` + "`COPY --from=name`" + `, ` + "`FROM name`" + ` and ` + "`--target name`" + ` pick one stage by its name.
With two stages of the same name only one of them is reachable that way,
and which one is a detail of the builder, not something the file says.

## Example
` + "```dockerfile\nFROM node:22 AS build\nRUN npm ci\n\nFROM node:22 AS build\nRUN npm run build\n```" + `

## Use instead
` + "```dockerfile\nFROM node:22 AS deps\nRUN npm ci\n\nFROM deps AS build\nRUN npm run build\n```" + `

## References
hadolint DL3024; BuildKit's DuplicateStageName (BK005) is the same check.
Names are compared without regard to case, as BuildKit compares them.`,
	Requires: needsDockerfile,
	Run:      runDL3024,
}

func runDL3024(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	seen := map[string]int{} // stage name → line of its first FROM
	for _, st := range f.Stages {
		w, ok := stageNameWord(st.From)
		if !ok {
			continue
		}
		name := strings.ToLower(w.Value)
		if line, dup := seen[name]; dup {
			lint.Reportf(pass, f, w.Span, "stage name %q is already used on line %d", w.Value, line)
			continue
		}
		seen[name] = st.From.StartLine
	}
	return nil, nil
}
