package dockerfile

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3022_copy_from_unknown_stage.md
var dl3022Doc string

// DL3022 flags COPY --from naming no earlier stage.
var DL3022 = &lint.Rule{
	Code: "DL3022", Name: "copy-from-unknown-stage", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3022",
	Doc:      dl3022Doc,
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
			// A value with a tag, a registry port, a digest or a
			// namespace is an image reference, which COPY --from takes.
			if strings.ContainsAny(v, ":$@/") || known[strings.ToLower(v)] {
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
			lint.Reportf(pass, f, fl.ValueSpan, "--from=%s names no earlier stage; unless the build is given a context of that name (--build-context %s=…), it pulls an image called %q", v, v, v)
		}
	}
	return nil, nil
}
