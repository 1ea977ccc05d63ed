package cost

import (
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// Rules lists the cost rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{BA301, BA302, BA303, BA304, BA305}
}

// needsCost is the Requires list of every cost rule.
var needsCost = []*analysis.Analyzer{Analyzer, lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.ConfigAnalyzer}

// ReportStep reports a finding about step sc: at the install command in
// the Dockerfile, or, for a lock given alone, at the entry of the package
// the finding is mostly about (pkg; the lock's first line when empty or
// not found).
func ReportStep(pass *analysis.Pass, sc *StepCost, pkg, msg string) {
	unit := lint.UnitOf(pass)
	if sc.Cmd != nil && unit.Dockerfile != nil {
		lint.Report(pass, unit.Dockerfile, sc.Cmd.Span, msg, nil)
		return
	}
	if unit.Lock == nil {
		return
	}
	start, end := 0, 0
	if lock := lint.LockOf(pass); lock != nil && pkg != "" {
		for _, p := range lock.Lookup(pkg) {
			start, end = p.NamePos.Offset, p.NamePos.EndOffset
			break
		}
	}
	pass.Report(analysis.Diagnostic{Pos: unit.Lock.Pos(start), End: unit.Lock.Pos(end), Message: msg})
}

// installVerb names what the step runs, for messages: "uv sync",
// "pip install".
func installVerb(sc *StepCost) string {
	switch {
	case sc.Cmd == nil:
		return "uv sync of this lock"
	case sc.Sync != nil:
		return "uv sync"
	case sc.Installer.Tool == "uv":
		return "uv pip install"
	}
	return "pip install"
}

// heaviest names the largest items of a step, up to n, as "torch 2.5.1
// (906.4 MB)".
func heaviest(items []Item, n int, keep func(Item) bool) string {
	var parts []string
	for _, it := range items {
		if keep != nil && !keep(it) {
			continue
		}
		if len(parts) == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", it.Name, it.Version, FormatBytes(it.Installed.Value)))
	}
	return strings.Join(parts, ", ")
}

// joinAnd joins names as a list in prose: "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// formatLimit writes a configured size: in GiB when it is a whole number of
// them (the defaults are), else as FormatBytes does.
func formatLimit(n int64) string {
	if n > 0 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return FormatBytes(n)
}
