package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba002_invalid_instruction.md
var ba002Doc string

// BA002 reports each instruction BuildKit refuses, where it refuses it.
var BA002 = &lint.Rule{
	Code: "BA002", Name: "invalid-instruction", Category: "dockerfile", Severity: lint.Error,
	Doc:      ba002Doc,
	Requires: needsDockerfile,
	Run:      runBA002,
}

func runBA002(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, r := range f.Rejected {
		if forbiddenTrigger(r.Instruction) != "" {
			continue // DL3043 reports it, under hadolint's code
		}
		lint.Reportf(pass, f, r.Span, "docker build rejects this instruction: %s", lowerFirst(r.Message))
	}
	return nil, nil
}

// forbiddenTrigger returns the trigger, upper-cased, of an ONBUILD that
// wraps ONBUILD, FROM or MAINTAINER (which BuildKit refuses), else "".
func forbiddenTrigger(in *df.Instruction) string {
	if in.Onbuild == nil {
		return ""
	}
	switch kw := strings.ToUpper(in.Onbuild.Keyword); kw {
	case "ONBUILD", "FROM", "MAINTAINER":
		return kw
	}
	return ""
}

// lowerFirst lower-cases BuildKit's capitalised messages ("Bad input to
// LABEL") as ballast's messages are, leaving instruction names alone.
func lowerFirst(s string) string {
	if len(s) > 1 && 'A' <= s[0] && s[0] <= 'Z' && 'a' <= s[1] && s[1] <= 'z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
