package uv

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba208_lock_format_unknown.md
var ba208Doc string

// BA208 flags a lock whose format ballast reads only in part.
var BA208 = &lint.Rule{
	Code:     "BA208",
	Name:     "lock-format-unknown",
	Category: "uv",
	Severity: lint.Warning,
	Doc:      ba208Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.LockAnalyzer},
	Run:      runBA208,
}

func runBA208(pass *analysis.Pass) (any, error) {
	lock, unit := lint.LockOf(pass), lint.UnitOf(pass)
	if lock == nil || unit.Lock == nil {
		return nil, nil
	}
	key, msg := unknownFormat(lock)
	if msg == "" {
		return nil, nil
	}
	if pos, ok := lock.KeyPos(key); ok {
		reportIn(pass, unit.Lock, pos, msg)
	}
	return nil, nil
}

// unknownFormat says how lock's format is beyond what ballast reads, and
// which top-level key shows it; "" when ballast knows the format.
func unknownFormat(lock *uvlock.Lock) (key, msg string) {
	const consequence = "the cost figures and lock checks may miss what it records"
	switch {
	case lock.Version > uvlock.SchemaVersion:
		return "version", fmt.Sprintf("uv.lock has format version %d; this ballast reads version %d (up to revision %d): %s; update ballast",
			lock.Version, uvlock.SchemaVersion, uvlock.NewestRevision, consequence)
	case lock.Version < uvlock.SchemaVersion:
		return "version", fmt.Sprintf("uv.lock has format version %d, which no uv release writes; this ballast reads it as version %d: the cost figures and lock checks may be wrong",
			lock.Version, uvlock.SchemaVersion)
	case lock.Revision > uvlock.NewestRevision:
		return "revision", fmt.Sprintf("uv.lock has format revision %d; this ballast reads revisions up to %d: %s; update ballast",
			lock.Revision, uvlock.NewestRevision, consequence)
	}
	return "", ""
}
