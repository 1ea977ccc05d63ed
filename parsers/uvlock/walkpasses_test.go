package uvlock

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

// walkEveryPass is Walk as it was before it stopped after the first pass
// whose edges activate no name: it stops only after a pass that adds no
// name at all, so it always walks twice. It is the oracle of
// TestWalkStopsAtSettledPass.
func walkEveryPass(l *Lock, sel *Selection, env *pep508.Env) ([]Install, error) {
	roots, project, err := l.selectRoots(sel)
	if err != nil {
		return nil, err
	}
	w := &walker{lock: l, env: env, markers: &pep508.Cache{}, active: map[string]bool{}}
	for range 4 {
		before := len(w.active)
		w.walk(roots, sel)
		if w.err != nil {
			return nil, w.err
		}
		if len(w.active) == before {
			break
		}
	}
	return w.result(sel, project), nil
}

// walkSelections are selections that reach different parts of l: the
// defaults, every extra and group, each extra and group alone, and only
// the groups.
func walkSelections(l *Lock) []Selection {
	sels := []Selection{
		{},
		{Groups: []string{"dev"}},
		{AllExtras: true, AllGroups: true},
		{AllPackages: true, AllExtras: true, AllGroups: true},
		{OnlyGroups: true, AllGroups: true},
		{NoInstallProject: true, NoInstallWorkspace: true},
	}
	for _, r := range l.Roots() {
		for _, e := range slices.Sorted(maps.Keys(r.OptionalDependencies)) {
			sels = append(sels, Selection{Extras: []string{e}}, Selection{AllExtras: true, NoExtras: []string{e}})
		}
		for _, g := range slices.Sorted(maps.Keys(r.DevDependencies)) {
			sels = append(sels, Selection{Groups: []string{g}})
		}
	}
	return sels
}

// lateExtraLock needs a second pass: app's edge to b holds only once
// c[x] is reached, which app's later edge does.
const lateExtraLock = `version = 1
revision = 2
requires-python = ">=3.10"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "b", marker = "extra == 'extra-1-c-x'" },
    { name = "c", extra = ["x"] },
]

[[package]]
name = "b"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "c"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[package.optional-dependencies]
x = [{ name = "d" }]

[[package]]
name = "d"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
`

// TestWalkStopsAtSettledPass holds Walk to walkEveryPass on every real
// lock and walkLock, for several selections and targets.
func TestWalkStopsAtSettledPass(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(uvlocktest.Dir(t), "*.uv.lock"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no locks (%v)", err)
	}
	locks := map[string][]byte{"walkLock": []byte(walkLock), "lateExtraLock": []byte(lateExtraLock)}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		locks[filepath.Base(f)] = src
	}
	envs := []pep508.Env{
		pep508.NewEnv("cpython", "3.12", "linux", "amd64"),
		pep508.NewEnv("cpython", "3.10", "linux", "arm64"),
		pep508.NewEnv("cpython", "3.13", "darwin", "arm64"),
		pep508.NewEnv("cpython", "3.11", "windows", "amd64"),
	}
	late, err := Parse("uv.lock", []byte(lateExtraLock))
	if err != nil {
		t.Fatal(err)
	}
	linux := pep508.NewEnv("cpython", "3.12", "linux", "amd64")
	if got, err := late.Walk(&Selection{}, &linux, nil); err != nil || installNames(got) != "app b c d" {
		t.Errorf("lateExtraLock: got %s (%v), want app b c d", installNames(got), err)
	}
	for name, src := range locks {
		lock, err := Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, sel := range walkSelections(lock) {
			for _, env := range envs {
				got, gotErr := lock.Walk(&sel, &env, nil)
				want, wantErr := walkEveryPass(lock, &sel, &env)
				if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s %+v %s/%s: Walk %s (%v), every pass %s (%v)",
						name, sel, env.SysPlatform, env.PythonVersion, installNames(got), gotErr, installNames(want), wantErr)
				}
			}
		}
	}
}

// TestWalksMatchesWalk holds a Walks shared by many steps to Walk on every
// real lock: selections that differ only in what the install leaves out
// share a walk, and the others do not.
func TestWalksMatchesWalk(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(uvlocktest.Dir(t), "*.uv.lock"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no locks (%v)", err)
	}
	envs := []pep508.Env{
		pep508.NewEnv("cpython", "3.12", "linux", "amd64"),
		pep508.NewEnv("cpython", "3.11", "windows", "amd64"),
	}
	var locks []*Lock
	for _, src := range []string{walkLock, lateExtraLock} {
		lock, err := Parse("uv.lock", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		locks = append(locks, lock)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lock, err := Parse(filepath.Base(f), src)
		if err != nil {
			t.Fatal(err)
		}
		locks = append(locks, lock)
	}
	ws := NewWalks(nil)
	walks := 0
	for _, lock := range locks {
		var sels []Selection
		for _, sel := range walkSelections(lock) {
			noProject, noWorkspace, noLocal, noTorch := sel, sel, sel, sel
			noProject.NoInstallProject = true
			noWorkspace.NoInstallWorkspace = true
			noLocal.NoInstallLocal = true
			noTorch.NoInstallPackages = []string{"torch"}
			sels = append(sels, sel, noProject, noWorkspace, noLocal, noTorch)
		}
		for _, env := range envs {
			for _, sel := range sels {
				got, gotErr := ws.Walk(lock, &sel, &env)
				want, wantErr := lock.Walk(&sel, &env, nil)
				walks++
				if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s %+v %s: Walks %s (%v), Walk %s (%v)",
						lock.File, sel, env.SysPlatform, installNames(got), gotErr, installNames(want), wantErr)
				}
			}
		}
	}
	if len(ws.done) >= walks {
		t.Errorf("%d walks for %d steps: none shared", len(ws.done), walks)
	}
}

func TestSameReachIgnoresOnlyInstallFilters(t *testing.T) {
	base := Selection{Extras: []string{"a"}, Groups: []string{"dev"}}
	filtered := base
	filtered.NoInstallProject, filtered.NoInstallWorkspace, filtered.NoInstallLocal = true, true, true
	filtered.NoInstallPackages = []string{"x"}
	if !sameReach(&base, &filtered) {
		t.Error("install filters changed the reach")
	}
	for _, other := range []Selection{
		{Extras: []string{"a"}},
		{Extras: []string{"a"}, Groups: []string{"dev"}, OnlyGroups: true},
		{Extras: []string{"a"}, Groups: []string{"dev"}, AllExtras: true},
		{Extras: []string{"a"}, Groups: []string{"dev"}, NoExtras: []string{"a"}},
		{Extras: []string{"a"}, Groups: []string{"dev"}, AllGroups: true},
		{Extras: []string{"a"}, Groups: []string{"dev"}, NoGroups: []string{"dev"}},
		{Extras: []string{"a"}, Groups: []string{"dev"}, Packages: []string{"m"}},
		{Extras: []string{"a"}, Groups: []string{"dev"}, AllPackages: true},
	} {
		if sameReach(&base, &other) {
			t.Errorf("%+v reaches as %+v", other, base)
		}
	}
}
