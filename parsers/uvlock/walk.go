package uvlock

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/ballast-dev/ballast/parsers/pep508"
)

// Selection is what a `uv sync` asks for: which roots, which of their
// extras and groups, and which reached packages it leaves out. The zero
// value is a bare `uv sync` with no default groups; callers fill Groups with
// tool.uv.default-groups ("dev" when unset) as uv does.
type Selection struct {
	// Packages are the roots named with --package; AllPackages is
	// --all-packages. Neither: the project at the workspace root, or every
	// member when the root is virtual (it has no [project]).
	Packages    []string
	AllPackages bool
	// OnlyGroups is true for --only-group/--only-dev: the roots' own
	// dependencies (and the roots themselves) are left out.
	OnlyGroups bool
	// Extras of the roots (--extra), AllExtras (--all-extras) minus
	// NoExtras (--no-extra).
	Extras    []string
	AllExtras bool
	NoExtras  []string
	// Groups are the dependency groups of the roots, already resolved from
	// defaults, --group, --all-groups, --no-group and --no-dev; AllGroups
	// selects every group the roots define, minus NoGroups.
	Groups    []string
	AllGroups bool
	NoGroups  []string
	// NoInstallProject, NoInstallWorkspace, NoInstallLocal and
	// NoInstallPackages leave reached packages out of the install; their
	// dependencies are still installed.
	NoInstallProject, NoInstallWorkspace, NoInstallLocal bool
	NoInstallPackages                                    []string
}

// Install is one package of an install set.
type Install struct {
	Package *Package
	// Extras are the package's extras the walk activated, sorted.
	Extras []string
}

// Walk computes what `uv sync` with sel installs into an interpreter whose
// marker environment is env, walking the lock as uv does: from the roots
// along every edge whose marker holds, following the extras each edge
// enables. uv's conflict markers (extra == 'extra-8-nanochat-cpu') are
// evaluated against the extras and groups the selection activates.
// The result is in lock order. markers may be shared between walks of one
// goroutine; nil makes a new cache. A lock with a duplicate package is an
// error, as it is to uv.
func (l *Lock) Walk(sel *Selection, env *pep508.Env, markers *pep508.Cache) ([]Install, error) {
	if len(l.dups) > 0 {
		// uv fails to read the lock, so the sync installs nothing; any
		// figure from one of the two entries would be made up.
		d := l.dups[0]
		return nil, fmt.Errorf("%s:%d:%d: %s repeats the entry at line %d (same name, version and source): uv refuses to read this lock",
			l.File, d.Second.NamePos.Line, d.Second.NamePos.Col, d.Second.ID(), d.First.NamePos.Line)
	}
	w, project, err := l.reach(sel, env, markers)
	if err != nil {
		return nil, err
	}
	return w.result(sel, project), nil
}

// reach walks the lock for Walk and returns the walker holding the reached
// packages, and the projects --no-install-project leaves out; what it
// returns depends on sel's roots, extras and groups, not on its install
// filters.
func (l *Lock) reach(sel *Selection, env *pep508.Env, markers *pep508.Cache) (*walker, []*Package, error) {
	if markers == nil {
		markers = &pep508.Cache{}
	}
	roots, project, err := l.selectRoots(sel)
	if err != nil {
		return nil, nil, err
	}
	w := &walker{lock: l, env: env, markers: markers, active: map[string]bool{}}
	// Conflict markers name extras and groups of workspace packages; an
	// extra activated deep in the walk can switch an edge on elsewhere, so
	// walk until a pass's edges activate no new name: every marker of that
	// pass then saw the final set, and another pass would repeat it.
	for range 4 {
		w.walk(roots, sel)
		if w.err != nil {
			return nil, nil, w.err
		}
		if len(w.active) == w.rootNames {
			break
		}
	}
	return w, project, nil
}

// Walks walks locks for the install steps of one unit, and walks a lock
// once for steps that reach the same packages: the same roots, extras and
// groups for the same target, as a Dockerfile's `uv sync
// --no-install-project` before its `uv sync` does. It only reads the
// locks, which may be shared; a Walks is for one goroutine.
type Walks struct {
	markers *pep508.Cache
	done    []reached
}

// reached is one walk of Walks.
type reached struct {
	lock    *Lock
	sel     Selection
	env     pep508.Env
	w       *walker
	project []*Package
}

// NewWalks returns a Walks that evaluates markers with the cache markers
// (nil makes a new one).
func NewWalks(markers *pep508.Cache) *Walks {
	if markers == nil {
		markers = &pep508.Cache{}
	}
	return &Walks{markers: markers}
}

// Walk is l.Walk(sel, env, ·) with ws's marker cache, walking l only when
// no earlier walk of ws reached the same packages.
func (ws *Walks) Walk(l *Lock, sel *Selection, env *pep508.Env) ([]Install, error) {
	if len(l.dups) > 0 {
		return l.Walk(sel, env, ws.markers)
	}
	for _, r := range ws.done {
		if r.lock == l && r.env == *env && sameReach(&r.sel, sel) {
			return r.w.result(sel, r.project), nil
		}
	}
	w, project, err := l.reach(sel, env, ws.markers)
	if err != nil {
		return nil, err
	}
	// The walker keeps env only for walking, which is over.
	w.env = nil
	ws.done = append(ws.done, reached{lock: l, sel: *sel, env: *env, w: w, project: project})
	return w.result(sel, project), nil
}

// sameReach reports whether a and b start from the same roots and
// activate the same extras and groups: their walks reach the same
// packages, and they differ at most in what the install leaves out.
func sameReach(a, b *Selection) bool {
	return slices.Equal(a.Packages, b.Packages) && a.AllPackages == b.AllPackages &&
		a.OnlyGroups == b.OnlyGroups &&
		slices.Equal(a.Extras, b.Extras) && a.AllExtras == b.AllExtras && slices.Equal(a.NoExtras, b.NoExtras) &&
		slices.Equal(a.Groups, b.Groups) && a.AllGroups == b.AllGroups && slices.Equal(a.NoGroups, b.NoGroups)
}

// selectRoots returns the packages the walk starts from, and the projects
// --no-install-project leaves out: the project at the workspace root, or
// the members --package names. A virtual workspace root has no project of
// its own, and uv ignores --no-install-project there.
func (l *Lock) selectRoots(sel *Selection) (roots, project []*Package, err error) {
	all := l.Roots()
	var top *Package
	for _, p := range all {
		if p.Source.Value == "." {
			top = p
		}
	}
	switch {
	case sel.AllPackages:
		if top != nil {
			project = []*Package{top}
		}
		return all, project, nil
	case len(sel.Packages) > 0:
		for _, name := range sel.Packages {
			i := slices.IndexFunc(all, func(p *Package) bool { return NormalizeName(p.Name) == NormalizeName(name) })
			if i < 0 {
				return nil, nil, fmt.Errorf("%s: --package %s: no workspace member of that name", l.File, name)
			}
			roots = append(roots, all[i])
		}
		return roots, roots, nil
	case top != nil:
		return []*Package{top}, []*Package{top}, nil
	}
	// A virtual workspace root: every member is a root.
	return all, nil, nil
}

type walker struct {
	lock    *Lock
	env     *pep508.Env
	markers *pep508.Cache
	// active holds the encoded names of uv's conflict markers:
	// extra-N-pkg-extra, group-N-pkg-group and project-N-pkg.
	active map[string]bool
	// pending are the names an edge being evaluated enables.
	pending []string
	// extras maps a reached package to the extras activated on it.
	extras map[*Package]map[string]bool
	order  []*Package
	err    error
	// rootNames is how many names were active when the last pass began
	// following edges.
	rootNames int
}

// walk runs one breadth-first pass from roots.
func (w *walker) walk(roots []*Package, sel *Selection) {
	w.extras = make(map[*Package]map[string]bool, len(w.lock.Packages))
	if w.order == nil {
		w.order = make([]*Package, 0, len(w.lock.Packages))
	}
	w.order = w.order[:0]
	// Every package is queued once, and again only when its extras grow.
	queue := make([]*Package, 0, len(w.lock.Packages))
	reach := func(p *Package, extras []string) {
		set, seen := w.extras[p]
		if !seen {
			// Most packages are reached without extras: their set stays
			// nil until one is.
			w.extras[p] = nil
			w.order = append(w.order, p)
		}
		grew := !seen
		for _, e := range extras {
			e = NormalizeName(e)
			if !set[e] {
				if set == nil {
					set = map[string]bool{}
					w.extras[p] = set
				}
				set[e] = true
				w.active[encode("extra", p.Name, e)] = true
				grew = true
			}
		}
		if grew {
			queue = append(queue, p)
		}
	}
	for _, r := range roots {
		if !sel.OnlyGroups {
			w.active[encode("project", r.Name, "")] = true
			reach(r, rootExtras(r, sel))
		}
		for _, g := range rootGroups(r, sel) {
			w.active[encode("group", r.Name, g)] = true
		}
	}
	w.rootNames = len(w.active)
	for _, r := range roots {
		for _, g := range rootGroups(r, sel) {
			w.follow(r, r.DevDependencies[g], reach)
		}
	}
	w.virtualRootGroups(sel, reach)
	for next := 0; next < len(queue) && w.err == nil; next++ {
		p := queue[next]
		w.follow(p, p.Dependencies, reach)
		for e := range w.extras[p] {
			w.follow(p, p.OptionalDependencies[e], reach)
		}
	}
}

// virtualRootGroups follows the dependency groups a virtual workspace root
// declares in [manifest]: they are requirements, not edges.
func (w *walker) virtualRootGroups(sel *Selection, reach func(*Package, []string)) {
	groups := w.lock.Manifest.DependencyGroups
	if len(groups) == 0 {
		return
	}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		if !sel.GroupSelected(g) {
			continue
		}
		for _, req := range groups[g] {
			if !w.holds(req.Marker) {
				continue
			}
			if p := w.pick(w.lock.Lookup(req.Name)); p != nil {
				reach(p, req.Extras)
			}
		}
	}
}

// follow reaches the target of every edge of from whose marker holds.
func (w *walker) follow(from *Package, edges []Dependency, reach func(*Package, []string)) {
	for _, e := range edges {
		// uv evaluates an edge with the extras it enables counted as
		// active: pkg[x] → dep[x] is often written with the marker
		// extra == 'extra-N-dep-x'.
		w.pending = w.pending[:0]
		for _, x := range e.Extra {
			w.pending = append(w.pending, encode("extra", e.Name, x))
		}
		ok := w.holds(e.Marker)
		w.pending = w.pending[:0]
		if !ok {
			continue
		}
		to := w.lock.Resolve(e)
		if to == nil {
			to = w.pick(w.lock.Lookup(e.Name))
		}
		if to == nil {
			if w.err == nil {
				w.err = fmt.Errorf("%s:%d:%d: %s depends on %s, which the lock does not resolve for this target",
					w.lock.File, e.Pos.Line, e.Pos.Col, from.Name, e.Name)
			}
			return
		}
		reach(to, e.Extra)
	}
}

// pick chooses among the entries of a forked name the one whose
// resolution markers hold for the target.
func (w *walker) pick(cands []*Package) *Package {
	if len(cands) == 1 {
		return cands[0]
	}
	for _, p := range cands {
		if slices.ContainsFunc(p.ResolutionMarkers, w.holds) {
			return p
		}
	}
	return nil
}

// holds evaluates marker for the target and the active conflict names. A
// marker that does not parse holds: uv wrote it, so it is valid PEP 508,
// and leaving a package out would understate the install.
func (w *walker) holds(marker string) bool {
	if marker == "" {
		return true
	}
	ok, err := w.markers.Eval(marker, w.env, w.isActive)
	return ok || err != nil
}

func (w *walker) isActive(name string) bool {
	return w.active[name] || slices.Contains(w.pending, name)
}

// result lists the reached packages in lock order, minus those the install
// filters leave out and virtual ones, which are never installed.
func (w *walker) result(sel *Selection, project []*Package) []Install {
	members := map[string]bool{}
	for _, m := range w.lock.Roots() {
		members[NormalizeName(m.Name)] = true
	}
	skip := map[string]bool{}
	for _, n := range sel.NoInstallPackages {
		skip[NormalizeName(n)] = true
	}
	out := make([]Install, 0, len(w.order))
	for _, p := range w.lock.Packages {
		set, ok := w.extras[p]
		if !ok {
			continue
		}
		name := NormalizeName(p.Name)
		switch {
		case p.Source.Kind == Virtual,
			skip[name],
			sel.NoInstallProject && slices.Contains(project, p),
			sel.NoInstallWorkspace && members[name],
			sel.NoInstallLocal && p.Source.IsLocal():
			continue
		}
		in := Install{Package: p}
		if len(set) > 0 {
			in.Extras = slices.Sorted(maps.Keys(set))
		}
		out = append(out, in)
	}
	return out
}

// rootExtras returns the extras of root the selection activates.
func rootExtras(root *Package, sel *Selection) []string {
	var out []string
	if sel.AllExtras {
		for _, e := range slices.Sorted(maps.Keys(root.OptionalDependencies)) {
			if !containsName(sel.NoExtras, e) {
				out = append(out, e)
			}
		}
		return out
	}
	for _, e := range sel.Extras {
		if !containsName(sel.NoExtras, e) {
			out = append(out, e)
		}
	}
	return out
}

// rootGroups returns the dependency groups of root the selection
// activates.
func rootGroups(root *Package, sel *Selection) []string {
	var out []string
	for _, g := range slices.Sorted(maps.Keys(root.DevDependencies)) {
		if sel.GroupSelected(g) {
			out = append(out, g)
		}
	}
	return out
}

// GroupSelected reports whether the selection installs dependency group g
// of its roots: --no-group wins over --group and --all-groups.
func (sel *Selection) GroupSelected(g string) bool {
	if containsName(sel.NoGroups, g) {
		return false
	}
	return sel.AllGroups || containsName(sel.Groups, g)
}

func containsName(names []string, name string) bool {
	name = NormalizeName(name)
	return slices.ContainsFunc(names, func(n string) bool { return NormalizeName(n) == name })
}

// encode spells a conflict marker name as uv writes it: the kind, the byte
// length of the normalized package name, the name, and the extra or group.
func encode(kind, pkg, item string) string {
	pkg = NormalizeName(pkg)
	s := kind + "-" + strconv.Itoa(len(pkg)) + "-" + pkg
	if item != "" {
		s += "-" + NormalizeName(item)
	}
	return s
}
