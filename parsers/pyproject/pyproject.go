// Package pyproject reads what a uv install depends on from pyproject.toml:
// [project], [dependency-groups] (PEP 735), [tool.uv], and ballast's own
// [tool.ballast], with the positions rules and the config loader report.
//
// It is the user's file: keys it does not know, and tables of other tools,
// are ignored. A known key with the wrong type is an *Error.
package pyproject

import (
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/tomlpos"
)

// Pos is a byte span of the file with the 1-based line and byte column of
// its start.
type Pos = tomlpos.Pos

// Error is a problem in the file, formatted "FILE:LINE:COL: MSG".
type Error = tomlpos.Error

// Project is a parsed pyproject.toml.
type Project struct {
	File       string
	ProjectPos Pos // the [project] table; zero when there is none

	Name                 string
	NamePos              Pos
	Version              string // empty when absent or dynamic
	RequiresPython       string
	RequiresPythonPos    Pos
	Dependencies         []Dependency
	OptionalDependencies map[string][]Dependency
	Dynamic              []string

	// DependencyGroups are the PEP 735 groups; an {include-group = "x"}
	// entry is a Dependency with IncludeGroup set.
	DependencyGroups map[string][]Dependency

	UV *UV // [tool.uv]; nil when absent

	// Ballast is [tool.ballast] as plain values (nil when absent), for the
	// config loader, which reports its errors at BallastPos (the table) or
	// at BallastKeys[path] (a value; path is dotted, with [i] for array
	// elements, e.g. "rules.DL3008.severity" or "ignore[1]").
	Ballast     map[string]any
	BallastPos  Pos
	BallastKeys map[string]Pos
}

// Dependency is one requirement string (or, in [dependency-groups], one
// include-group entry).
type Dependency struct {
	Requirement  string // PEP 508 text as written
	Name         string // the distribution name at the front of Requirement, as written
	IncludeGroup string // set instead of Requirement for {include-group = "…"}
	Pos          Pos
}

// UV is [tool.uv].
type UV struct {
	// Sources maps a package name, as written, to its sources: one, or
	// several told apart by marker, extra or group.
	Sources          map[string][]Source
	Index            []Index
	DefaultGroups    []string // nil when absent (uv then uses ["dev"]); empty when set to []
	DefaultGroupsAll bool     // default-groups = "all"
	// GroupRequiresPython is [tool.uv.dependency-groups]: the
	// requires-python of a dependency group, by its name as written.
	GroupRequiresPython    map[string]string
	Environments           []string
	RequiredEnvironments   []string
	Conflicts              [][]ConflictItem
	DevDependencies        []Dependency
	Package                *bool // nil when absent (uv then decides from [build-system])
	Managed                *bool // nil when absent (true by default)
	ConstraintDependencies []Dependency
	OverrideDependencies   []Dependency
	Workspace              *Workspace // nil when absent
	Pos                    Pos
}

// Source is one entry of [tool.uv.sources].
type Source struct {
	Index, Git, Rev, Tag, Branch, Path, URL, Subdirectory string
	Workspace                                             bool
	Editable                                              *bool // nil when absent
	Marker, Extra, Group                                  string
	Pos                                                   Pos
}

// Index is one [[tool.uv.index]].
type Index struct {
	Name, URL         string
	Default, Explicit bool
	Pos               Pos
}

// ConflictItem is one member of a tool.uv.conflicts set; Package is empty
// for the project itself.
type ConflictItem struct {
	Package, Extra, Group string
	Pos                   Pos
}

// Workspace is [tool.uv.workspace].
type Workspace struct {
	Members, Exclude []string
	Pos              Pos
}

// Parse parses the pyproject.toml src; filename is used in positions and
// errors. Every error is an *Error.
func Parse(filename string, src []byte) (*Project, error) {
	doc, err := tomlpos.Parse(filename, src)
	if err != nil {
		return nil, err
	}
	d := &decoder{Decoder: tomlpos.Decoder{Doc: doc}}
	p := &Project{File: filename}
	root := doc.Root
	if v := root.Get("project"); v != nil {
		d.project(p, v)
	}
	if v := root.Get("dependency-groups"); v != nil {
		p.DependencyGroups = d.groups(v)
	}
	tool := root.Get("tool")
	if tool != nil && d.Want(tool, tomlpos.Table, "tool") {
		if v := tool.Get("uv"); v != nil {
			p.UV = d.uv(v)
		}
		if v := tool.Get("ballast"); v != nil && d.Want(v, tomlpos.Table, "tool.ballast") {
			p.Ballast, _ = v.Any().(map[string]any)
			p.BallastPos = d.Pos(v)
			p.BallastKeys = map[string]Pos{}
			d.keyPositions(p.BallastKeys, "", v)
		}
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

type decoder struct{ tomlpos.Decoder }

type value = tomlpos.Value

func (d *decoder) project(p *Project, v *value) {
	p.ProjectPos = d.Pos(v)
	for _, f := range d.Table(v, "project") {
		switch f.Key {
		case "name":
			p.Name, p.NamePos = d.String(f.Value, f.Key), d.Pos(f.Value)
		case "version":
			p.Version = d.String(f.Value, f.Key)
		case "requires-python":
			p.RequiresPython, p.RequiresPythonPos = d.String(f.Value, f.Key), d.Pos(f.Value)
		case "dependencies":
			p.Dependencies = d.deps(f.Value, f.Key)
		case "optional-dependencies":
			p.OptionalDependencies = d.depTable(f.Value, f.Key)
		case "dynamic":
			p.Dynamic = d.Strings(f.Value, f.Key)
		}
	}
}

func (d *decoder) deps(v *value, key string) []Dependency {
	items := d.Array(v, key)
	if len(items) == 0 {
		return nil
	}
	deps := make([]Dependency, len(items))
	for i, it := range items {
		deps[i] = d.dep(it, key)
	}
	return deps
}

func (d *decoder) dep(v *value, key string) Dependency {
	req := d.String(v, key)
	return Dependency{Requirement: req, Name: requirementName(req), Pos: d.Pos(v)}
}

func (d *decoder) depTable(v *value, key string) map[string][]Dependency {
	fields := d.Table(v, key)
	m := make(map[string][]Dependency, len(fields))
	for _, f := range fields {
		m[f.Key] = d.deps(f.Value, f.Key)
	}
	return m
}

// groups reads [dependency-groups], whose entries are requirement strings
// or {include-group = "name"} tables.
func (d *decoder) groups(v *value) map[string][]Dependency {
	fields := d.Table(v, "dependency-groups")
	m := make(map[string][]Dependency, len(fields))
	for _, f := range fields {
		items := d.Array(f.Value, f.Key)
		deps := make([]Dependency, len(items))
		for i, it := range items {
			if it.Kind != tomlpos.Table {
				deps[i] = d.dep(it, f.Key)
				continue
			}
			inc := it.Get("include-group")
			if inc == nil {
				d.Failf(it, "key %q: a table entry needs \"include-group\"", f.Key)
				continue
			}
			deps[i] = Dependency{IncludeGroup: d.String(inc, "include-group"), Pos: d.Pos(it)}
		}
		m[f.Key] = deps
	}
	return m
}

func (d *decoder) optBool(v *value, key string) *bool {
	b := d.Bool(v, key)
	return &b
}

func (d *decoder) uv(v *value) *UV {
	u := &UV{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "tool.uv") {
		fv := f.Value
		switch f.Key {
		case "sources":
			fields := d.Table(fv, f.Key)
			u.Sources = make(map[string][]Source, len(fields))
			for _, s := range fields {
				if s.Value.Kind == tomlpos.Array {
					for _, it := range s.Value.Items {
						u.Sources[s.Key] = append(u.Sources[s.Key], d.source(it, s.Key))
					}
				} else {
					u.Sources[s.Key] = []Source{d.source(s.Value, s.Key)}
				}
			}
		case "index":
			for _, it := range d.Array(fv, f.Key) {
				u.Index = append(u.Index, d.index(it))
			}
		case "default-groups":
			if fv.Kind == tomlpos.String {
				if fv.Str != "all" {
					d.Failf(fv, "key %q: expected an array or \"all\", got %q", f.Key, fv.Str)
				}
				u.DefaultGroupsAll = true
			} else {
				u.DefaultGroups = d.Strings(fv, f.Key)
				if u.DefaultGroups == nil {
					u.DefaultGroups = []string{} // set, and empty: no default groups
				}
			}
		case "dependency-groups":
			for _, g := range d.Table(fv, f.Key) {
				for _, gf := range d.Table(g.Value, g.Key) {
					if gf.Key == "requires-python" {
						if u.GroupRequiresPython == nil {
							u.GroupRequiresPython = map[string]string{}
						}
						u.GroupRequiresPython[g.Key] = d.String(gf.Value, gf.Key)
					}
				}
			}
		case "environments":
			u.Environments = d.Strings(fv, f.Key)
		case "required-environments":
			u.RequiredEnvironments = d.Strings(fv, f.Key)
		case "conflicts":
			for _, set := range d.Array(fv, f.Key) {
				var items []ConflictItem
				for _, it := range d.Array(set, f.Key) {
					c := ConflictItem{Pos: d.Pos(it)}
					for _, cf := range d.Table(it, f.Key) {
						switch cf.Key {
						case "package":
							c.Package = d.String(cf.Value, cf.Key)
						case "extra":
							c.Extra = d.String(cf.Value, cf.Key)
						case "group":
							c.Group = d.String(cf.Value, cf.Key)
						}
					}
					items = append(items, c)
				}
				u.Conflicts = append(u.Conflicts, items)
			}
		case "dev-dependencies":
			u.DevDependencies = d.deps(fv, f.Key)
		case "package":
			u.Package = d.optBool(fv, f.Key)
		case "managed":
			u.Managed = d.optBool(fv, f.Key)
		case "constraint-dependencies":
			u.ConstraintDependencies = d.deps(fv, f.Key)
		case "override-dependencies":
			u.OverrideDependencies = d.deps(fv, f.Key)
		case "workspace":
			w := &Workspace{Pos: d.Pos(fv)}
			for _, wf := range d.Table(fv, f.Key) {
				switch wf.Key {
				case "members":
					w.Members = d.Strings(wf.Value, wf.Key)
				case "exclude":
					w.Exclude = d.Strings(wf.Value, wf.Key)
				}
			}
			u.Workspace = w
		}
	}
	return u
}

func (d *decoder) source(v *value, key string) Source {
	s := Source{Pos: d.Pos(v)}
	for _, f := range d.Table(v, key) {
		var dst *string
		switch f.Key {
		case "workspace":
			s.Workspace = d.Bool(f.Value, f.Key)
		case "editable":
			s.Editable = d.optBool(f.Value, f.Key)
		case "index":
			dst = &s.Index
		case "git":
			dst = &s.Git
		case "rev":
			dst = &s.Rev
		case "tag":
			dst = &s.Tag
		case "branch":
			dst = &s.Branch
		case "path":
			dst = &s.Path
		case "url":
			dst = &s.URL
		case "subdirectory":
			dst = &s.Subdirectory
		case "marker":
			dst = &s.Marker
		case "extra":
			dst = &s.Extra
		case "group":
			dst = &s.Group
		}
		if dst != nil {
			*dst = d.String(f.Value, f.Key)
		}
	}
	return s
}

func (d *decoder) index(v *value) Index {
	ix := Index{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "index") {
		switch f.Key {
		case "name":
			ix.Name = d.String(f.Value, f.Key)
		case "url":
			ix.URL = d.String(f.Value, f.Key)
		case "default":
			ix.Default = d.Bool(f.Value, f.Key)
		case "explicit":
			ix.Explicit = d.Bool(f.Value, f.Key)
		}
	}
	return ix
}

// keyPositions records the span of every value under v by dotted path.
func (d *decoder) keyPositions(m map[string]Pos, path string, v *value) {
	switch v.Kind {
	case tomlpos.Table:
		for _, f := range v.Fields {
			p := f.Key
			if path != "" {
				p = path + "." + f.Key
			}
			m[p] = d.Pos(f.Value)
			d.keyPositions(m, p, f.Value)
		}
	case tomlpos.Array:
		for i, it := range v.Items {
			p := path + "[" + strconv.Itoa(i) + "]"
			m[p] = d.Pos(it)
			d.keyPositions(m, p, it)
		}
	default:
	}
}

// requirementName returns the distribution name a PEP 508 requirement
// starts with.
func requirementName(req string) string {
	req = strings.TrimLeft(req, " \t")
	i := 0
	for i < len(req) {
		c := req[i]
		if !isNameByte(c) {
			break
		}
		i++
	}
	return req[:i]
}

// isNameByte reports whether c may appear in a PEP 508 distribution name.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
}
