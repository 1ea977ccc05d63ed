package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl4001_curl_and_wget.md
var dl4001Doc string

// DL4001 flags a stage that downloads with both curl and wget.
var DL4001 = &lint.Rule{
	Code: "DL4001", Name: "curl-and-wget", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4001",
	Doc:      dl4001Doc,
	Requires: needsDockerfile,
	Run:      runDL4001,
}

func runDL4001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		seen := map[string]bool{}
		check := func(in *df.Instruction) {
			var first *df.Call
			calls := runCallsNaming(f, in, "curl", "wget")
			for i, c := range calls {
				if c.Name == "curl" || c.Name == "wget" {
					seen[c.Name] = true
					if first == nil {
						first = &calls[i]
					}
				}
			}
			if first != nil && seen["curl"] && seen["wget"] {
				other := "wget"
				if first.Name == "wget" {
					other = "curl"
				}
				lint.Reportf(pass, f, first.NameSpan, "%s used in a stage that also uses %s; use one of them", first.Name, other)
			}
		}
		for _, in := range st.Instructions {
			check(in)
			check(in.Onbuild)
		}
	}
	return nil, nil
}
