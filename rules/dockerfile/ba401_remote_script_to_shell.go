package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba401_remote_script_to_shell.md
var ba401Doc string

// BA401 flags a downloaded script run by an interpreter without a check of
// what was downloaded. It lives with the Dockerfile rules rather than the
// build-hygiene ones: it is about trust in any Dockerfile, not about uv or
// the cost of a Python build, and it reads the same download commands as
// DL4001 and DL4006.
var BA401 = &lint.Rule{
	Code: "BA401", Name: "remote-script-to-shell", Category: "security", Severity: lint.Warning,
	SecuritySeverity: 6.5, // code from the network runs unverified in the build: medium
	Status:           lint.Pedantic,
	DocFile:          "rules/dockerfile/ba401_remote_script_to_shell.md",
	Doc:              ba401Doc,
	Requires:         needsDockerfile,
	Run:              runBA401,
}

func runBA401(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	f.Walk(func(in *df.Instruction) {
		// Most RUNs download nothing: skip the command scan for them.
		if !in.Is("run") || !f.MayMention(in, "curl") && !f.MayMention(in, "wget") {
			return
		}
		for _, c := range in.Commands() {
			if c.Kind != df.RemoteScript || c.Runner == nil {
				continue
			}
			what := "a script downloaded by " + c.Call.Name
			if u := downloadURL(c); u != "" {
				what = u
			}
			lint.Reportf(pass, f, c.Extent(), "%s runs in %s unverified: whatever the server sends at build time is executed; download it, check its sha256, then run it", what, c.Runner.Call.Name)
		}
	})
	return nil, nil
}

// downloadURL is the first operand of a download that names a URL, as
// written; "" when none does literally.
func downloadURL(c df.Command) string {
	for _, a := range c.Args {
		if a.Literal && strings.Contains(a.Value, "://") {
			return a.Value
		}
	}
	for _, fl := range c.Flags {
		if fl.Name == "--url" && fl.HasValue {
			return fl.Value
		}
	}
	return ""
}
