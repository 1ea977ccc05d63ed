package uv

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba204_no_wheel_for_target.md
var ba204Doc string

// BA204 flags locked packages that have no wheel for the target, which uv
// then builds from source (or cannot install at all).
var BA204 = &lint.Rule{
	Code:     "BA204",
	Name:     "no-wheel-for-target",
	Category: "uv",
	Severity: lint.Warning,
	Doc:      ba204Doc,
	Requires: []*analysis.Analyzer{build.CostAnalyzer, lint.UnitAnalyzer, lint.LockAnalyzer},
	Run:      runBA204,
}

func runBA204(pass *analysis.Pass) (any, error) {
	for _, sc := range build.CostOf(pass).Steps {
		if sc.Err != nil || sc.Sync == nil {
			continue
		}
		var builds, missing []string
		for _, it := range sc.Items {
			switch it.Kind {
			case build.KindSdist:
				// A pure-Python sdist builds anywhere, and one whose
				// package publishes no wheel at all may be either: only
				// a build the lock shows compiles code is worth a finding.
				if it.Builds == build.BuildsNative || it.Builds == build.BuildsCUDA {
					builds = append(builds, it.Name+" "+it.Version)
				}
			case build.KindMissing:
				missing = append(missing, it.Name+" "+it.Version)
			default:
			}
		}
		target := targetDescription(sc)
		if len(missing) > 0 {
			build.ReportStep(pass, sc, firstName(missing), fmt.Sprintf("%s has no wheel for %s and no sdist: uv sync fails",
				listNames(missing), target))
		}
		if len(builds) > 0 {
			build.ReportStep(pass, sc, firstName(builds), fmt.Sprintf("%s %s no wheel for %s: uv compiles %s from source, which needs a compiler and the headers of the libraries %s %s against, time and memory",
				listNames(builds), hasOrHave(len(builds)), target, itOrThem(len(builds)), itOrThey(len(builds)), buildOrBuilds(len(builds))))
		}
	}
	return nil, nil
}

// targetDescription names the step's target: "CPython 3.12 on linux/amd64
// (musl 1.2)".
func targetDescription(sc *build.StepCost) string {
	e := sc.Env()
	s := fmt.Sprintf("CPython %s on %s/%s", e.Python.V, e.OS.V, e.Arch.V)
	if e.Libc.V != "" {
		s += " (" + strings.TrimSpace(e.Libc.V+" "+e.LibcVersion.V) + ")"
	}
	return s
}

// listNames lists up to five packages and counts the rest.
func listNames(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:5], ", "), len(names)-5)
}

func firstName(names []string) string {
	name, _, _ := strings.Cut(names[0], " ")
	return name
}

func hasOrHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func itOrThey(n int) string {
	if n == 1 {
		return "it"
	}
	return "they"
}

func buildOrBuilds(n int) string {
	if n == 1 {
		return "builds"
	}
	return "build"
}

func itOrThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
