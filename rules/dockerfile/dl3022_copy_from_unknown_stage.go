package dockerfile

import (
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3022 flags COPY --from naming no earlier stage.
var DL3022 = &lint.Rule{
	Code: "DL3022", Name: "copy-from-unknown-stage", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3022",
	Doc: `COPY --from names no earlier stage

## Why
` + "`COPY --from=name`" + ` copies from the stage called name when one is defined
above, and otherwise pulls an image called name from a registry. A typo in
a stage name, or a stage defined further down, therefore does not fail: it
fetches ` + "`docker.io/library/name:latest`" + ` or fails late with a pull error.

## Example
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=builder /out/app /app\n```" + `

## Use instead
` + "```dockerfile\nFROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\n```" + `

## References
hadolint DL3022. As in hadolint, the value passes when it is the name of
an earlier stage (or the current one: DL3023 reports that), the index of
an earlier stage, or an image reference with a ":" (a tag or a registry
port). Stage names are compared without regard to case, as BuildKit
resolves them. Unlike hadolint, a value that holds a variable
(` + "`--from=${BUILDER}`" + `) is not reported: it is known only at build time. A
COPY inside ONBUILD is not checked.`,
	Requires: needsDockerfile,
	Run:      runDL3022,
}

func runDL3022(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	defined := map[string]int{} // stage name → line of its FROM
	for _, st := range f.Stages {
		if st.Name != "" {
			if _, dup := defined[st.Name]; !dup {
				defined[st.Name] = st.From.StartLine
			}
		}
	}
	known := map[string]bool{}
	for _, st := range f.Stages {
		if st.Name != "" {
			known[st.Name] = true
		}
		for _, in := range st.Instructions {
			if !in.Is("COPY") {
				continue
			}
			fl := in.Flag("from")
			if fl == nil || !fl.HasValue {
				continue
			}
			v := fl.Value
			if strings.ContainsAny(v, ":$") || known[strings.ToLower(v)] {
				continue
			}
			if n, err := strconv.Atoi(v); err == nil {
				if n < 0 || n >= st.Index {
					lint.Reportf(pass, f, fl.ValueSpan, "--from=%s is not the index of an earlier stage (this is stage %d)", v, st.Index)
				}
				continue
			}
			if line, later := defined[strings.ToLower(v)]; later {
				lint.Reportf(pass, f, fl.ValueSpan, "--from=%s names a stage defined later, on line %d; stages can only copy from earlier ones", v, line)
				continue
			}
			lint.Reportf(pass, f, fl.ValueSpan, "--from=%s names no earlier stage; it would pull an image called %q", v, v)
		}
	}
	return nil, nil
}
