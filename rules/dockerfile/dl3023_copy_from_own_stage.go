package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3023_copy_from_own_stage.md
var dl3023Doc string

// DL3023 flags COPY --from naming the stage it is in.
var DL3023 = &lint.Rule{
	Code: "DL3023", Name: "copy-from-own-stage", Category: "dockerfile", Severity: lint.Error,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3023",
	Doc:      dl3023Doc,
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
