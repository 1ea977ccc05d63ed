package cost

import (
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// Rules lists the cost rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{BA301, BA302, BA303, BA304, BA305}
}

// needsCost is the Requires list of every cost rule.
var needsCost = []*analysis.Analyzer{build.CostAnalyzer, lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer, lint.ConfigAnalyzer}

// installVerb names what the step runs, for messages: "uv sync",
// "pip install".
func installVerb(sc *build.StepCost) string {
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

// formatLimit writes a configured size: in GiB when it is a whole number of
// them (the defaults are), else as FormatBytes does.
func formatLimit(n int64) string {
	if n > 0 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return lint.FormatBytes(n)
}
