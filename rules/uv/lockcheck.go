package uv

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
)

// lockComparer decides whether a requirement of pyproject.toml is the one a
// lock recorded, by meaning: uv records requirements after rewriting their
// markers and specifiers into its own normal form, and judges freshness on
// what they select, not on their text.
type lockComparer struct {
	project string // the project's normalized name
	// flattenSelf is set when the lock records the requirements of the
	// extras that app[extra] names rather than app[extra] itself.
	flattenSelf bool
	// optional maps each normalized extra to its requirements.
	optional map[string][]pyproject.Dependency
	// envs are sample interpreters the lock's requires-python allows;
	// markers are compared by their value on each of them. envPythons
	// holds each one's python_full_version.
	envs       []pep508.Env
	envPythons []pep440.Version
	// pythons are sample versions for comparing requires-python values.
	pythons   []pep440.Version
	redirects map[string]bool // names with a [tool.uv.sources] entry
	// groupPythons maps a normalized group to the requires-python of
	// [tool.uv.dependency-groups], which uv adds to each of the group's
	// markers.
	groupPythons map[string]pep440.Specifiers
	markers      pep508.Cache
	// seen and key are sameMarker's scratch: the variable values of the
	// environments it has tried.
	seen map[string]bool
	key  []byte
}

// samplePatches are the patch releases tried for each minor version: enough
// to tell apart the bounds markers write in practice (3.12, 3.12.4, 3.13.14).
var samplePatches = []int{0, 1, 3, 4, 5, 8, 12, 14, 20}

// samplePlatforms are the platforms markers are tried on, each consistent
// in sys_platform, platform_system, os_name and platform_machine.
var samplePlatforms = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}, {"darwin", "amd64"}, {"windows", "amd64"},
}

// newLockComparer prepares the comparison of lock with proj, whose source
// is src.
func newLockComparer(lock *uvlock.Lock, proj *pyproject.Project) *lockComparer {
	c := &lockComparer{
		project:      pep508.NormalizeName(proj.Name),
		optional:     map[string][]pyproject.Dependency{},
		redirects:    map[string]bool{},
		groupPythons: groupPythons(proj),
	}
	for name, deps := range proj.OptionalDependencies {
		extra := pep508.NormalizeName(name)
		c.optional[extra] = append(c.optional[extra], deps...)
	}
	if proj.UV != nil {
		for name := range proj.UV.Sources {
			c.redirects[pep508.NormalizeName(name)] = true
		}
	}
	allowed, err := pep440.ParseSpecifiers(lock.RequiresPython)
	if err != nil {
		allowed = nil
	}
	for _, v := range []string{"2.7.18", "3.0.0", "3.5.10", "4.0.0", "4.1.0"} {
		if pv, err := pep440.Parse(v); err == nil {
			c.pythons = append(c.pythons, pv)
		}
	}
	for minor := 6; minor <= 16; minor++ {
		for _, patch := range samplePatches {
			full := "3." + strconv.Itoa(minor) + "." + strconv.Itoa(patch)
			v, err := pep440.Parse(full)
			if err != nil {
				continue
			}
			c.pythons = append(c.pythons, v)
			if !allowed.Contains(v) {
				continue
			}
			for _, p := range samplePlatforms {
				for _, impl := range []string{"cpython", "pypy"} {
					c.envs = append(c.envs, pep508.NewEnv(impl, full, p[0], p[1]))
					c.envPythons = append(c.envPythons, v)
				}
			}
		}
	}
	return c
}

// redirected reports whether [tool.uv.sources] has an entry for the
// normalized name.
func (c *lockComparer) redirected(name string) bool { return c.redirects[name] }

// groupPythons parses the requires-python of each group in
// [tool.uv.dependency-groups], keyed by normalized group name; nil when
// there is none.
func groupPythons(proj *pyproject.Project) map[string]pep440.Specifiers {
	if proj.UV == nil {
		return nil
	}
	var out map[string]pep440.Specifiers
	for name, rp := range proj.UV.GroupRequiresPython {
		spec, err := pep440.ParseSpecifiers(rp)
		if err != nil || len(spec) == 0 {
			continue
		}
		if out == nil {
			out = map[string]pep440.Specifiers{}
		}
		out[pep508.NormalizeName(name)] = spec
	}
	return out
}

// same reports whether the lock's requirement l records d, a requirement
// of the extra extra or the group group (both normalized; "" for none).
func (c *lockComparer) same(d declared, l *uvlock.Requirement, extra, group string) bool {
	req := d.req
	if uvlock.NormalizeName(l.Name) != req.NormalizedName || !sameExtras(req.Extras, l.Extras) {
		return false
	}
	switch {
	case req.URL != "" || l.Source.Kind != "":
		// A direct reference is recorded as its source, without specifier.
		if req.URL == "" || l.Source.Kind == "" {
			return false
		}
	case !sameSpecifiers(req.Specifier, l.Specifier, nil):
		return false
	}
	return c.sameMarker(d.markers, l.Marker, extra, c.groupPythons[group])
}

// sameMarker reports whether the declared markers (all must hold), in the
// list of extra, select what the recorded one does: on every sample
// interpreter, with that extra active. within is a group's requires-python,
// which uv adds to the recorded marker; nil for none.
func (c *lockComparer) sameMarker(declared []string, recorded, extra string, within pep440.Specifiers) bool {
	r, err := c.markers.Parse(recorded)
	if err != nil {
		return false
	}
	if within == nil && len(declared) <= 1 {
		// uv writes most markers in the normal form already; the extra's
		// clause goes last.
		text := ""
		if len(declared) == 1 {
			text = declared[0]
		}
		if extra != "" {
			if strings.TrimSpace(text) != "" {
				text = "(" + text + ") and extra == '" + extra + "'"
			} else {
				text = "extra == '" + extra + "'"
			}
		}
		if d, err := c.markers.Parse(text); err == nil && d.String() == r.String() {
			return true
		}
	}
	active := func(e string) bool { return e == extra }
	// Environments that agree on every variable the markers read give
	// them the same values: each such group is tried once.
	vars := r.Vars()
	for _, m := range declared {
		d, err := c.markers.Parse(m)
		if err != nil {
			return false
		}
		vars |= d.Vars()
	}
	clear(c.seen)
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	for i := range c.envs {
		c.key = c.envs[i].AppendValues(c.key[:0], vars)
		if within != nil {
			c.key = append(c.key, c.envs[i].PythonFullVersion...) // the group's requires-python reads it too
		}
		if c.seen[string(c.key)] {
			continue
		}
		c.seen[string(c.key)] = true
		dv := within == nil || within.Contains(c.envPythons[i])
		for _, m := range declared {
			if !dv {
				break
			}
			v, err := c.markers.Eval(m, &c.envs[i], active)
			if err != nil {
				return false
			}
			dv = v
		}
		rv, err := c.markers.Eval(recorded, &c.envs[i], active)
		if err != nil || dv != rv {
			return false
		}
	}
	return true
}

func sameExtras(a, b []string) bool {
	norm := func(xs []string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = pep508.NormalizeName(x)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(norm(a), norm(b))
}

// sameSpecifiers reports whether two specifier sets are the same clauses in
// any order and spelling; with sample versions, whether they allow the same
// of those versions (uv rewrites requires-python into its own form, e.g.
// "~=3.10" as ">=3.10, <4").
func sameSpecifiers(a, b string, samples []pep440.Version) bool {
	sa, err1 := pep440.ParseSpecifiers(a)
	sb, err2 := pep440.ParseSpecifiers(b)
	if err1 != nil || err2 != nil {
		return strings.Join(strings.Fields(a), "") == strings.Join(strings.Fields(b), "")
	}
	if slices.Equal(clauseKeys(sa), clauseKeys(sb)) {
		return true
	}
	if len(samples) == 0 {
		return false
	}
	for _, v := range samples {
		if sa.Contains(v) != sb.Contains(v) {
			return false
		}
	}
	return true
}

// clauseKeys lists a specifier set's clauses in a canonical spelling,
// sorted: ">=1.0" and ">= 1.0.0" give the same key.
func clauseKeys(s pep440.Specifiers) []string {
	keys := make([]string, len(s))
	for i, cl := range s {
		v := cl.Version
		if !cl.Wildcard {
			if pv, err := pep440.Parse(cl.Version); err == nil {
				v = canonicalVersion(pv)
			}
		}
		keys[i] = fmt.Sprintf("%s%s%v", cl.Op, v, cl.Wildcard)
	}
	slices.Sort(keys)
	return keys
}

// canonicalVersion spells a version so that versions PEP 440 calls equal
// (1.0 and 1.0.0, 1.0RC1 and 1.0rc1) spell the same.
func canonicalVersion(v pep440.Version) string {
	release := v.Release
	for len(release) > 1 && release[len(release)-1] == 0 {
		release = release[:len(release)-1]
	}
	parts := make([]string, len(release))
	for i, n := range release {
		parts[i] = strconv.Itoa(n)
	}
	s := strconv.Itoa(v.Epoch) + "!" + strings.Join(parts, ".")
	if v.Pre != "" {
		s += v.Pre + strconv.Itoa(v.PreN)
	}
	if v.Post >= 0 {
		s += ".post" + strconv.Itoa(v.Post)
	}
	if v.Dev >= 0 {
		s += ".dev" + strconv.Itoa(v.Dev)
	}
	if v.Local != "" {
		s += "+" + strings.ToLower(v.Local)
	}
	return s
}
