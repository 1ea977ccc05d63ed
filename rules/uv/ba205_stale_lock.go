package uv

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba205_stale_lock.md
var ba205Doc string

// BA205 flags a uv.lock made from other requirements than pyproject.toml's.
var BA205 = &lint.Rule{
	Code:     "BA205",
	Name:     "stale-lock",
	Category: "uv",
	Severity: lint.Warning,
	Doc:      ba205Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer},
	Run:      runBA205,
}

func runBA205(pass *analysis.Pass) (any, error) {
	lock, proj, unit := lint.LockOf(pass), lint.PyprojectOf(pass), lint.UnitOf(pass)
	if lock == nil || proj == nil || unit.Pyproject == nil {
		return nil, nil
	}
	for _, d := range staleRequirements(lock, proj) {
		reportIn(pass, unit.Pyproject, d.pos, d.msg)
	}
	return nil, nil
}

// reportIn reports a finding without a fix at span p of one of the unit's
// files other than the Dockerfile (uv.lock, pyproject.toml).
func reportIn(pass *analysis.Pass, sf *lint.SourceFile, p pyproject.Pos, msg string) {
	pass.Report(analysis.Diagnostic{Pos: sf.Pos(p.Offset), End: sf.Pos(p.EndOffset), Message: msg})
}

// staleness is one difference between pyproject.toml and the lock, at its
// place in pyproject.toml.
type staleness struct {
	pos pyproject.Pos
	msg string
}

// staleRequirements compares the root project of proj with what lock
// records of it.
func staleRequirements(lock *uvlock.Lock, proj *pyproject.Project) []staleness {
	if !proj.ProjectPos.IsValid() || proj.Name == "" {
		return nil
	}
	root := rootPackage(lock, proj.Name)
	if root == nil || root.Metadata == nil {
		return nil
	}
	c := newLockComparer(lock, proj)
	// Some uv releases record app[extra] inside app's own extras as written,
	// others record the extras' requirements instead: the lock tells which.
	c.flattenSelf = !slices.ContainsFunc(root.Metadata.RequiresDist, func(r uvlock.Requirement) bool {
		return uvlock.NormalizeName(r.Name) == c.project
	})
	var out []staleness
	if len(lock.Manifest.Members) <= 1 {
		out = append(out, c.requiresPython(lock, proj)...)
	}
	meta := root.Metadata
	if !slices.Contains(proj.Dynamic, "dependencies") {
		deps, ok := c.flatten(proj.Dependencies, nil)
		if !ok {
			return nil
		}
		out = append(out, c.compare(deps, lockedFor(meta.RequiresDist, ""), "", "", proj.ProjectPos)...)
	}
	if !slices.Contains(proj.Dynamic, "optional-dependencies") {
		extras, ok := c.extras(meta, proj, lock.Revision)
		if !ok {
			return nil
		}
		out = append(out, extras...)
	}
	groups, ok := c.groups(meta, proj, lock.Revision)
	if !ok {
		return nil
	}
	return append(out, groups...)
}

// rootPackage is the lock's entry of the project at the workspace root.
func rootPackage(lock *uvlock.Lock, name string) *uvlock.Package {
	want := uvlock.NormalizeName(name)
	for _, p := range lock.Packages {
		if p.Source.IsLocalTree() && p.Source.Value == "." && uvlock.NormalizeName(p.Name) == want {
			return p
		}
	}
	return nil
}

// declared is a requirement of pyproject.toml as uv records it.
type declared struct {
	text string // as written
	pos  pyproject.Pos
	req  pep508.Requirement
	// markers must all hold: the requirement's own, and those of the
	// self-references (app[extra]) that brought it into the list.
	markers []string
}

// flatten parses deps, replacing each reference to the project itself
// (app[cli] inside another extra) with the requirements of the extras it
// names, as uv does when it records them. seen holds the extras being
// expanded. It fails on a requirement that does not parse: uv refuses such
// a file before any check.
func (c *lockComparer) flatten(deps []pyproject.Dependency, seen []string) ([]declared, bool) {
	var out []declared
	for _, d := range deps {
		req, err := pep508.ParseRequirement(d.Requirement)
		if err != nil {
			return nil, false
		}
		if !c.flattenSelf || req.NormalizedName != c.project || len(req.Extras) == 0 || req.URL != "" {
			out = append(out, declared{text: d.Requirement, pos: d.Pos, req: req, markers: []string{req.Marker}})
			continue
		}
		for _, extra := range req.Extras {
			if slices.Contains(seen, extra) {
				continue
			}
			inner, ok := c.flatten(c.optional[extra], append(seen, extra))
			if !ok {
				return nil, false
			}
			for _, in := range inner {
				in.pos = d.Pos
				in.markers = append(slices.Clip(in.markers), req.Marker)
				out = append(out, in)
			}
		}
	}
	return out, true
}

// extras compares each extra of [project.optional-dependencies] with the
// requires-dist entries under its extra marker, then the extras' names with
// provides-extras (trusted from revision 1, when uv began to record it).
func (c *lockComparer) extras(meta *uvlock.Metadata, proj *pyproject.Project, revision int) ([]staleness, bool) {
	var out []staleness
	for _, name := range slices.Sorted(maps.Keys(proj.OptionalDependencies)) {
		deps := proj.OptionalDependencies[name]
		extra := pep508.NormalizeName(name)
		list, ok := c.flatten(deps, []string{extra})
		if !ok {
			return nil, false
		}
		at := firstPos(deps, proj.ProjectPos)
		found := len(out)
		out = append(out, c.compare(list, lockedFor(meta.RequiresDist, extra), extra, "", at)...)
		if revision >= 1 && len(out) == found && !containsNormalized(meta.ProvidesExtras, extra) {
			out = append(out, staleness{at, fmt.Sprintf("pyproject.toml declares extra %q but uv.lock was made without it: run uv lock", name)})
		}
	}
	if revision >= 1 {
		for _, e := range meta.ProvidesExtras {
			extra := pep508.NormalizeName(e)
			if _, ok := c.optional[extra]; !ok && len(lockedFor(meta.RequiresDist, extra)) == 0 {
				out = append(out, staleness{proj.ProjectPos, fmt.Sprintf("uv.lock was made with extra %q, which pyproject.toml does not declare: run uv lock", e)})
			}
		}
	}
	return out, true
}

// groups compares [dependency-groups] (with tool.uv.dev-dependencies as
// "dev") with requires-dev. Before revision 1 uv did not record empty
// groups, so an empty group missing from such a lock is no difference.
func (c *lockComparer) groups(meta *uvlock.Metadata, proj *pyproject.Project, revision int) ([]staleness, bool) {
	declaredDeps := map[string][]pyproject.Dependency{}
	names := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(proj.DependencyGroups)) {
		g := pep508.NormalizeName(name)
		deps, ok := expandGroup(proj.DependencyGroups, name, nil)
		if !ok {
			return nil, false
		}
		declaredDeps[g] = deps
		names[g] = name
	}
	// An empty legacy dev-dependencies list is left out: whether uv records
	// it as an empty group is not known.
	if proj.UV != nil && len(proj.UV.DevDependencies) > 0 {
		declaredDeps["dev"] = append(declaredDeps["dev"], proj.UV.DevDependencies...)
		if names["dev"] == "" {
			names["dev"] = "dev"
		}
	}
	locked := map[string][]uvlock.Requirement{}
	for name, reqs := range meta.RequiresDev {
		g := pep508.NormalizeName(name)
		locked[g] = append(locked[g], reqs...)
	}
	var out []staleness
	for _, g := range slices.Sorted(maps.Keys(declaredDeps)) {
		deps := declaredDeps[g]
		at := firstPos(deps, proj.ProjectPos)
		if _, ok := locked[g]; !ok && len(deps) == 0 {
			if revision >= 1 {
				out = append(out, staleness{at, fmt.Sprintf("pyproject.toml declares group %q but uv.lock was made without it: run uv lock", names[g])})
			}
			continue
		}
		list := make([]declared, 0, len(deps))
		for _, d := range deps {
			req, err := pep508.ParseRequirement(d.Requirement)
			if err != nil {
				return nil, false
			}
			list = append(list, declared{text: d.Requirement, pos: d.Pos, req: req, markers: []string{req.Marker}})
		}
		out = append(out, c.compare(list, locked[g], "", g, at)...)
	}
	for _, g := range slices.Sorted(maps.Keys(locked)) {
		if _, ok := declaredDeps[g]; !ok {
			out = append(out, staleness{proj.ProjectPos, fmt.Sprintf("uv.lock was made with group %q, which pyproject.toml does not declare: run uv lock", g)})
		}
	}
	return out, true
}

// expandGroup lists a group's requirements with its {include-group}
// entries replaced by the included groups' requirements, as uv records
// them. It fails on a cycle or an unknown group, which uv refuses.
func expandGroup(groups map[string][]pyproject.Dependency, name string, seen []string) ([]pyproject.Dependency, bool) {
	g := pep508.NormalizeName(name)
	if slices.Contains(seen, g) {
		return nil, false
	}
	var deps []pyproject.Dependency
	found := false
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		if pep508.NormalizeName(key) != g {
			continue
		}
		found = true
		for _, d := range groups[key] {
			if d.IncludeGroup == "" {
				deps = append(deps, d)
				continue
			}
			inc, ok := expandGroup(groups, d.IncludeGroup, append(seen, g))
			if !ok {
				return nil, false
			}
			deps = append(deps, inc...)
		}
	}
	return deps, found
}

// requiresPython compares the project's requires-python with the lock's,
// by the versions they allow: uv rewrites the specifier when it locks.
func (c *lockComparer) requiresPython(lock *uvlock.Lock, proj *pyproject.Project) []staleness {
	if strings.TrimSpace(proj.RequiresPython) == "" || strings.TrimSpace(lock.RequiresPython) == "" {
		return nil
	}
	if sameSpecifiers(proj.RequiresPython, lock.RequiresPython, c.pythons) {
		return nil
	}
	return []staleness{{proj.RequiresPythonPos, fmt.Sprintf("pyproject.toml requires-python %q but uv.lock was made for %q: run uv lock", proj.RequiresPython, lock.RequiresPython)}}
}

// compare pairs the requirements pyproject.toml declares in one list
// (dependencies, one extra, one group) with those the lock records for it.
// extra is the normalized extra of an optional-dependencies list, group
// the normalized group of a dependency group. A requirement only the lock
// has is reported at missingAt.
func (c *lockComparer) compare(deps []declared, locked []uvlock.Requirement, extra, group string, missingAt pyproject.Pos) []staleness {
	used := make([]bool, len(locked))
	var rest []declared
	for _, d := range deps {
		if c.redirected(d.req.NormalizedName) {
			// [tool.uv.sources] may split one requirement into several entries,
			// one per source marker: only presence is comparable.
			matched := false
			for i := range locked {
				if uvlock.NormalizeName(locked[i].Name) == d.req.NormalizedName {
					used[i], matched = true, true
				}
			}
			if !matched {
				rest = append(rest, d)
			}
			continue
		}
		// An unused entry first; a used one means uv recorded two equal
		// requirements (from two included extras) once.
		i := -1
		for pass := 0; pass < 2 && i < 0; pass++ {
			for j := range locked {
				if used[j] == (pass == 1) && c.same(d, &locked[j], extra, group) {
					i = j
					break
				}
			}
		}
		if i < 0 {
			rest = append(rest, d)
			continue
		}
		used[i] = true
	}
	var out []staleness
	for _, d := range rest {
		j := -1
		for i := range locked {
			if !used[i] && uvlock.NormalizeName(locked[i].Name) == d.req.NormalizedName {
				j = i
				break
			}
		}
		if j < 0 {
			out = append(out, staleness{d.pos, fmt.Sprintf("pyproject.toml requires %q but uv.lock was made without %s: run uv lock", d.text, d.req.Name)})
			continue
		}
		used[j] = true
		out = append(out, staleness{d.pos, fmt.Sprintf("pyproject.toml requires %q but uv.lock was made from %q: run uv lock", d.text, lockedText(&locked[j], extra))})
	}
	for i := range locked {
		if !used[i] {
			out = append(out, staleness{missingAt, fmt.Sprintf("uv.lock was made from %q, which pyproject.toml no longer requires: run uv lock", lockedText(&locked[i], extra))})
		}
	}
	return out
}

// lockedFor returns the requires-dist entries of one extra (by their
// `extra == '…'` marker), or with extra "" those under no extra.
func lockedFor(reqs []uvlock.Requirement, extra string) []uvlock.Requirement {
	var out []uvlock.Requirement
	for _, r := range reqs {
		extras := markerExtras(r.Marker)
		if extra == "" && len(extras) == 0 || extra != "" && slices.Contains(extras, extra) {
			out = append(out, r)
		}
	}
	return out
}

// markerExtras lists the extras a marker tests with `extra == '…'`,
// normalized.
func markerExtras(marker string) []string {
	var out []string
	for rest := marker; ; {
		i := strings.Index(rest, "extra == ")
		if i < 0 {
			return out
		}
		rest = rest[i+len("extra == "):]
		if len(rest) < 2 || rest[0] != '\'' && rest[0] != '"' {
			continue
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return out
		}
		out = append(out, pep508.NormalizeName(rest[1:1+end]))
		rest = rest[1+end:]
	}
}

// lockedText writes a recorded requirement back as PEP 508 text, without
// the extra clause that places it in its extra.
func lockedText(r *uvlock.Requirement, extra string) string {
	var b strings.Builder
	b.WriteString(r.Name)
	if len(r.Extras) > 0 {
		b.WriteString("[" + strings.Join(r.Extras, ",") + "]")
	}
	switch {
	case r.Source.Kind != "" && r.Source.Value != "":
		b.WriteString(" @ " + r.Source.Value)
	case r.Specifier != "":
		b.WriteString(r.Specifier)
	}
	marker := r.Marker
	if extra != "" {
		marker = strings.TrimSpace(strings.TrimSuffix(marker, "extra == '"+extra+"'"))
		marker = strings.TrimSpace(strings.TrimSuffix(marker, " and"))
	}
	if marker != "" {
		b.WriteString("; " + marker)
	}
	return b.String()
}

func firstPos(deps []pyproject.Dependency, fallback pyproject.Pos) pyproject.Pos {
	if len(deps) > 0 {
		return deps[0].Pos
	}
	return fallback
}

func containsNormalized(names []string, want string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return pep508.NormalizeName(n) == want })
}
