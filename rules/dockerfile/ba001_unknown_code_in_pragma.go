package dockerfile

import (
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
hadolint pragmas. The check needs the whole rule registry, so the driver
runs it and reports under this rule; selecting, ignoring and re-weighting
BA001 works as for any rule.`,
	Run: runBA001,
}

// runBA001 does nothing: see the rule's References.
func runBA001(*analysis.Pass) (any, error) { return nil, nil }
