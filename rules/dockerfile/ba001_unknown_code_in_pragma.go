package dockerfile

import (
	_ "embed"
	"regexp"
	"sync"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba001_unknown_code_in_pragma.md
var ba001Doc string

// BA001 flags a pragma that names no known rule.
var BA001 = &lint.Rule{
	Code: "BA001", Name: "unknown-code-in-pragma", Category: "dockerfile", Severity: lint.Style,
	Doc:      ba001Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer},
	Run:      runBA001,
}

// hadolintOnly matches codes valid in a hadolint pragma that ballast need
// not know: hadolint hands any SC code to ShellCheck, and DL codes are its
// own.
var hadolintOnly = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(SC[0-9]+|DL[0-9]{4})$`) })

func runBA001(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	registry := lint.Registry(lint.UnitOf(pass).Rules)
	for _, p := range f.Pragmas() {
		for _, c := range p.Codes {
			if _, known := registry.Resolve(c.Code); known && (p.Tool == "ballast" || df.HadolintCode(c.Code)) {
				continue
			}
			switch {
			case p.Tool == "hadolint" && !df.HadolintCode(c.Code):
				lint.Reportf(pass, f, c.Span, "%q is not a rule code hadolint accepts; hadolint ignores this whole pragma", c.Code)
			case p.Tool == "hadolint" && hadolintOnly().MatchString(c.Code):
			default:
				lint.Reportf(pass, f, c.Span, "unknown rule %q in %s pragma", c.Code, p.Tool)
			}
		}
	}
	return nil, nil
}
