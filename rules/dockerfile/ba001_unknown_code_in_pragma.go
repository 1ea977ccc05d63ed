package dockerfile

import (
	"regexp"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// BA001 flags a pragma that names no known rule.
var BA001 = &lint.Rule{
	Code: "BA001", Name: "unknown-code-in-pragma", Category: "dockerfile", Severity: lint.Style,
	Doc: `unknown rule code or name in an inline pragma

## Why
An ignore pragma whose code is mistyped suppresses nothing, silently: the
finding it was written for comes back, or worse, the pragma stays behind
long after anyone remembers what it was for. In a ` + "`# hadolint`" + ` pragma,
a code with characters other than D, L, S, C and digits makes hadolint
drop the whole line, the correct codes next to it included.

## Example
` + "```dockerfile\n# ballast ignore=DL3OO7\nFROM node:latest\n```" + `

## Use instead
` + "```dockerfile\n# ballast ignore=DL3007\nFROM node:latest\n```" + `

## References
ballast's own rule. ` + "`# ballast ignore=`" + ` takes codes or rule names in any
case; ` + "`# hadolint ignore=`" + ` takes codes only, as hadolint does. ShellCheck
codes (SCnnnn) and hadolint DL codes ballast has not ported are accepted in
hadolint pragmas.`,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer},
	Run:      runBA001,
}

// hadolintOnly matches codes valid in a hadolint pragma that ballast need
// not know: hadolint hands any SC code to ShellCheck, and DL codes are its
// own.
var hadolintOnly = regexp.MustCompile(`^(SC[0-9]+|DL[0-9]{4})$`)

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
			case p.Tool == "hadolint" && hadolintOnly.MatchString(c.Code):
			default:
				lint.Reportf(pass, f, c.Span, "unknown rule %q in %s pragma", c.Code, p.Tool)
			}
		}
	}
	return nil, nil
}
