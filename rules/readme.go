package rules

import (
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
)

// MarkdownTable renders the rule table the README carries.
func MarkdownTable(all []*lint.Rule) string {
	var b strings.Builder
	b.WriteString("| code | name | severity | default | fix | what it flags |\n|---|---|---|---|---|---|\n")
	for _, r := range all {
		status := "on"
		if r.Status != lint.Stable {
			status = r.Status.String()
		}
		fix := ""
		if r.Fix != lint.NoFix {
			fix = r.Fix.String()
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", r.Code, r.Name, r.Severity, status, fix, strings.ReplaceAll(r.Title(), "|", `\|`))
	}
	return b.String()
}
