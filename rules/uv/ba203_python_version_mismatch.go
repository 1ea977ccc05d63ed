package uv

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba203_python_version_mismatch.md
var ba203Doc string

// BA203 flags a base image whose Python the lock does not allow.
var BA203 = &lint.Rule{
	Code:     "BA203",
	Name:     "python-version-mismatch",
	Category: "uv",
	Severity: lint.Error,
	Doc:      ba203Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.LockAnalyzer, build.TargetAnalyzer},
	Run:      runBA203,
}

func runBA203(pass *analysis.Pass) (any, error) {
	f, lock := lint.DockerfileOf(pass), lint.LockOf(pass)
	if f == nil || lock == nil || strings.TrimSpace(lock.RequiresPython) == "" {
		return nil, nil
	}
	spec, err := pep440.ParseSpecifiers(lock.RequiresPython)
	if err != nil {
		return nil, nil //nolint:nilerr // a lock uv wrote always parses; a hand-edited one is not ours to judge here
	}
	targets := pass.ResultOf[build.TargetAnalyzer].(*build.Targets)
	reported := map[int]bool{}
	for _, s := range uvSyncs(f) {
		if s.in.Stage == nil {
			continue
		}
		python, where, sp, ok := pythonFor(f, s, targets.Stages()[s.in.Stage.Index])
		if !ok || allows(spec, python) {
			continue
		}
		if reported[sp.Start] {
			continue
		}
		reported[sp.Start] = true
		lint.Reportf(pass, f, sp, "%s provides Python %s, outside uv.lock's requires-python %q", where, python, lock.RequiresPython)
	}
	return nil, nil
}

// pythonFor returns the Python a uv sync runs with, a description of where
// it comes from, and the span to point at.
func pythonFor(f *dockerfile.File, s uvSync, st build.Stage) (string, string, dockerfile.Span, bool) {
	for i := range s.cmd.Flags {
		fl := &s.cmd.Flags[i]
		if (fl.Name == "--python" || fl.Name == "-p") && isVersion(fl.Value) {
			return fl.Value, "uv sync " + fl.Name + " " + fl.Value, fl.Span, true
		}
	}
	if v, ok := s.cmd.Env["UV_PYTHON"]; ok && isVersion(v) {
		return v, "UV_PYTHON=" + v, s.cmd.Span, true
	}
	if v, ok := f.EnvBefore(s.in, "UV_PYTHON"); ok && isVersion(strings.Trim(v, `"'`)) {
		v = strings.Trim(v, `"'`)
		return v, "ENV UV_PYTHON=" + v, s.sync, true
	}
	if !st.Known || st.Python == "" {
		return "", "", dockerfile.Span{}, false
	}
	from := s.in.Stage.From
	sp := from.ArgsSpan
	if len(from.Args) > 0 {
		sp = from.Args[0].Span
	}
	// A stage built on an earlier stage points at its own FROM; the image
	// is named in the message.
	return st.Python, st.Ref, sp, true
}

// isVersion accepts "3.12" or "3.12.7", not requests like "python3" or
// paths, which say nothing checkable.
func isVersion(v string) bool {
	_, _, ok := build.MinorOf(v)
	return ok && strings.Trim(v, "0123456789.") == ""
}

func allows(spec pep440.Specifiers, python string) bool {
	if strings.Count(python, ".") >= 2 {
		v, err := pep440.Parse(python)
		return err != nil || spec.Contains(v)
	}
	major, minor, ok := build.MinorOf(python)
	return !ok || spec.AllowsMinor(major, minor)
}
