package dockerfile

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3011_expose_port_out_of_range.md
var dl3011Doc string

// DL3011 flags an EXPOSE port above 65535.
var DL3011 = &lint.Rule{
	Code: "DL3011", Name: "expose-port-out-of-range", Category: "dockerfile", Severity: lint.Error,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3011",
	Doc:      dl3011Doc,
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
