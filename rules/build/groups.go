package build

import (
	"slices"

	"github.com/ballast-dev/ballast/parsers/uvlock"
)

// OnlyThrough lists the items of a costed `uv sync` that the sync would
// not install without the dependency groups named: what `--no-group` (or
// `--no-dev` for "dev") would save, heaviest download first. It is nil
// when the step was not costed from the lock.
func (sc *StepCost) OnlyThrough(lock *uvlock.Lock, groups ...string) []Item {
	if sc == nil || sc.Err != nil || sc.Sync == nil || lock == nil {
		return nil
	}
	without := *sc.Sync
	without.NoGroups = slices.Concat(sc.Sync.NoGroups, groups)
	env := markerEnv(sc.Env())
	installs, err := sc.walks().walks.Walk(lock, &without, &env)
	if err != nil {
		return nil
	}
	kept := make(map[string]bool, len(installs))
	for _, in := range installs {
		kept[uvlock.NormalizeName(in.Package.Name)+" "+in.Package.Version] = true
	}
	var out []Item
	for _, it := range sc.Items {
		if !kept[uvlock.NormalizeName(it.Name)+" "+it.Version] {
			out = append(out, it)
		}
	}
	return out
}

// HasGroup reports whether a root of the lock defines dependency group g
// (tool.uv.dev-dependencies is the group "dev").
func HasGroup(lock *uvlock.Lock, g string) bool {
	if lock == nil {
		return false
	}
	for _, r := range lock.Roots() {
		if len(r.DevDependencies[g]) > 0 {
			return true
		}
	}
	return false
}

// WithSelection is the estimate of a costed `uv sync` with more extras and
// groups selected (`--extra cpu`), and the items it would install; false
// when the step was not costed from the lock or the lock refuses the
// selection.
func (sc *StepCost) WithSelection(lock *uvlock.Lock, extras, groups []string) (Estimate, []Item, bool) {
	if sc == nil || sc.Err != nil || sc.Sync == nil || lock == nil {
		return Estimate{}, nil, false
	}
	with := *sc.Sync
	with.Extras = slices.Concat(sc.Sync.Extras, extras)
	with.Groups = slices.Concat(sc.Sync.Groups, groups)
	env := markerEnv(sc.Env())
	installs, err := sc.walks().walks.Walk(lock, &with, &env)
	if err != nil {
		return Estimate{}, nil, false
	}
	items := sc.walks().choices.choose(installs, sc.Env())
	items, _ = dropPresent(items, sc.present, nil)
	return EstimateInstall(items, sc.installer()), items, true
}
