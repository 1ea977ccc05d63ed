package dockerfile

import (
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3011 flags an EXPOSE port above 65535.
var DL3011 = &lint.Rule{
	Code: "DL3011", Name: "expose-port-out-of-range", Category: "dockerfile", Severity: lint.Error,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3011",
	Doc: `EXPOSE port outside 0–65535

## Why
TCP and UDP ports are 16-bit numbers: nothing can listen on port 80000.
A port above 65535 is a typo (an extra digit, a missing separator) and the
image documents, and publishes with ` + "`-P`" + `, a port that no process uses.

## Example
` + "```dockerfile\nFROM nginx:1.27\nEXPOSE 80800\n```" + `

## Use instead
` + "```dockerfile\nFROM nginx:1.27\nEXPOSE 8080\n```" + `

## References
hadolint DL3011. Each port, and each end of a range (` + "`40000-80000/tcp`" + `),
is checked; ports given by a variable are not. An EXPOSE inside ONBUILD is
not checked, as in hadolint.`,
	Requires: needsDockerfile,
	Run:      runDL3011,
}

const maxPort = 65535

func runDL3011(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("EXPOSE") {
			continue
		}
		for _, w := range in.Args {
			ports, _, _ := strings.Cut(w.Value, "/")
			at := 0
			for part := range strings.SplitSeq(ports, "-") {
				if n, err := strconv.Atoi(part); err == nil && n > maxPort {
					sp := wordSubSpan(f, w, at, at+len(part))
					lint.Reportf(pass, f, sp, "EXPOSE port %d is above %d", n, maxPort)
				}
				at += len(part) + 1
			}
		}
	}
	return nil, nil
}
