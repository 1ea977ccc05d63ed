package uv

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba209_duplicate_lock_package.md
var ba209Doc string

// BA209 flags a lock uv refuses because one package is locked twice.
var BA209 = &lint.Rule{
	Code:     "BA209",
	Name:     "duplicate-lock-package",
	Category: "uv",
	Severity: lint.Error,
	Doc:      ba209Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.LockAnalyzer},
	Run:      runBA209,
}

func runBA209(pass *analysis.Pass) (any, error) {
	lock, unit := lint.LockOf(pass), lint.UnitOf(pass)
	if lock == nil || unit.Lock == nil {
		return nil, nil
	}
	for _, d := range lock.Duplicates() {
		reportIn(pass, unit.Lock, d.Second.NamePos, fmt.Sprintf("%s repeats the entry at line %d (same name, version and source): uv refuses to read this lock, so uv sync fails",
			d.Second.ID(), d.First.NamePos.Line))
	}
	return nil, nil
}
