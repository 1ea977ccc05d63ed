package lint

import (
	"reflect"

	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"golang.org/x/tools/go/analysis"
)

// LockAnalyzer has as its result the unit's parsed uv.lock, or nil when the unit
// has none. An invalid lock is an input error naming file, line and column.
var LockAnalyzer = &analysis.Analyzer{
	Name:       "uvlock",
	Doc:        "the unit's uv.lock as a typed model with positions\n\nRules read it through pass.ResultOf.",
	Requires:   []*analysis.Analyzer{UnitAnalyzer},
	Run:        runLock,
	ResultType: reflect.TypeFor[*uvlock.Lock](),
}

func runLock(pass *analysis.Pass) (any, error) {
	u := UnitOf(pass)
	if u.Lock == nil {
		return (*uvlock.Lock)(nil), nil
	}
	var lock *uvlock.Lock
	var err error
	if u.Locks != nil {
		lock, err = u.Locks.Parse(u.Lock.Path, u.Lock.Src)
	} else {
		lock, err = uvlock.Parse(u.Lock.Path, u.Lock.Src)
	}
	if err != nil {
		return nil, err
	}
	u.Lock.SetLines(lock.LineStarts())
	return lock, nil
}

// LockOf returns the pass's parsed uv.lock, or nil.
func LockOf(pass *analysis.Pass) *uvlock.Lock {
	return pass.ResultOf[LockAnalyzer].(*uvlock.Lock)
}

// PyprojectAnalyzer has as its result the pyproject.toml beside the unit's
// lock, or nil when there is none. An invalid file is an input error.
var PyprojectAnalyzer = &analysis.Analyzer{
	Name:       "pyproject",
	Doc:        "the pyproject.toml beside the unit's uv.lock\n\nRules read it through pass.ResultOf.",
	Requires:   []*analysis.Analyzer{UnitAnalyzer},
	Run:        runPyproject,
	ResultType: reflect.TypeFor[*pyproject.Project](),
}

func runPyproject(pass *analysis.Pass) (any, error) {
	u := UnitOf(pass)
	if u.Pyproject == nil {
		return (*pyproject.Project)(nil), nil
	}
	return pyproject.Parse(u.Pyproject.Path, u.Pyproject.Src)
}

// PyprojectOf returns the pass's parsed pyproject.toml, or nil.
func PyprojectOf(pass *analysis.Pass) *pyproject.Project {
	return pass.ResultOf[PyprojectAnalyzer].(*pyproject.Project)
}
