package dockerfile

import (
	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL4001 flags a stage that downloads with both curl and wget.
var DL4001 = &lint.Rule{
	Code: "DL4001", Name: "curl-and-wget", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL4001",
	Doc: `stage uses both curl and wget

## Why
curl and wget do the same job. Using both means two tools to install,
keep patched and ship, and two sets of options and defaults to get right
(retries, redirects, TLS). Pick one per stage.

## Example
` + "```dockerfile\nFROM debian:12\nRUN wget -q https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz\n```" + `

## Use instead
` + "```dockerfile\nFROM debian:12\nRUN curl -fsSLO https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz\n```" + `

## References
hadolint DL4001: per stage, once both programs have been seen, every RUN
using either is reported (the first RUN of the pair only when it uses
both). RUNs wrapped by ONBUILD count too.`,
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
