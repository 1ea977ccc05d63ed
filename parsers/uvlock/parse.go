package uvlock

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/tomlpos"
)

// Parse parses the uv.lock src; filename is used in positions and errors.
// Every error is an *Error: invalid TOML, a known key with the wrong type,
// or a file that is not a uv.lock at all.
func Parse(filename string, src []byte) (*Lock, error) {
	doc, err := tomlpos.Parse(filename, src)
	if err != nil {
		return nil, err
	}
	return decode(filename, doc)
}

// decode reads the lock doc holds.
func decode(filename string, doc *tomlpos.Doc) (*Lock, error) {
	d := &decoder{Decoder: tomlpos.Decoder{Doc: doc}, lock: &Lock{File: filename, keys: map[string]Pos{}, lines: doc.LineStarts()}}
	d.root(doc.Root)
	if err := d.Err(); err != nil {
		var e *Error
		if errors.As(err, &e) && d.lock.FormatNewer() {
			// The key that broke is likely one the newer format changed.
			e.Msg += fmt.Sprintf(" (uv.lock has format %s; this ballast reads up to %s: update ballast)", formatName(d.lock.Version, d.lock.Revision), formatName(SchemaVersion, NewestRevision))
		}
		return nil, err
	}
	d.lock.byName = make(map[string][]*Package, len(d.lock.Packages))
	for _, p := range d.lock.Packages {
		n := NormalizeName(p.Name)
		for _, q := range d.lock.byName[n] {
			if samePackage(q, p) {
				d.lock.dups = append(d.lock.dups, Duplicate{First: q, Second: p})
				break
			}
		}
		d.lock.byName[n] = append(d.lock.byName[n], p)
	}
	return d.lock, nil
}

// samePackage reports whether two entries of one name are the same package
// to uv: equal versions (as PEP 440 compares them, so 1.0 is 1.0.0) from the
// same source.
func samePackage(a, b *Package) bool {
	if !a.Source.Same(&b.Source) {
		return false
	}
	if a.Version == b.Version {
		return true
	}
	va, err1 := pep440.Parse(a.Version)
	vb, err2 := pep440.Parse(b.Version)
	return err1 == nil && err2 == nil && pep440.Compare(va, vb) == 0
}

// formatName spells a lock format as messages name it: "version 2", or
// "version 1 revision 5".
func formatName(version, revision int) string {
	if version != SchemaVersion {
		return "version " + strconv.Itoa(version)
	}
	return "version " + strconv.Itoa(version) + " revision " + strconv.Itoa(revision)
}

type decoder struct {
	tomlpos.Decoder
	lock *Lock
	// The artifacts and edges of the packages are carved from these, to
	// allocate them in batches.
	artifacts []Artifact
	edges     []Dependency
}

// carve returns n zero elements of *slab, which grows in batches.
func carve[T any](slab *[]T, n int) []T {
	if len(*slab)+n > cap(*slab) {
		*slab = make([]T, 0, max(n, 1024))
	}
	l := len(*slab)
	*slab = (*slab)[:l+n]
	return (*slab)[l : l+n : l+n]
}

type (
	value = tomlpos.Value
	field = tomlpos.Field
)

// unknown keeps the key f found under path.
func (d *decoder) unknown(path string, f field) {
	d.lock.Unknown = append(d.lock.Unknown, UnknownKey{
		Key:   path + f.Key,
		Value: f.Value.Any(),
		Pos:   d.Doc.Pos(f.KeyOffset, f.Value.End),
	})
}

func (d *decoder) int(v *value, key string) int {
	n := d.Int(v, key)
	if n < 0 || n > 1<<31 {
		d.Failf(v, "key %q: %d is out of range", key, n)
		// Not a format to name in the error.
		return 0
	}
	return int(n)
}

func (d *decoder) root(root *value) {
	l := d.lock
	hasVersion := false
	for _, f := range root.Fields {
		v := f.Value
		l.keys[f.Key] = d.Pos(v)
		switch f.Key {
		case "version":
			l.Version, hasVersion = d.int(v, f.Key), true
		case "revision":
			l.Revision = d.int(v, f.Key)
		case "requires-python":
			l.RequiresPython, l.RequiresPythonPos = d.String(v, f.Key), d.Pos(v)
		case "resolution-markers":
			l.ResolutionMarkers = d.Strings(v, f.Key)
		case "supported-markers":
			l.SupportedMarkers = d.Strings(v, f.Key)
		case "required-markers":
			l.RequiredMarkers = d.Strings(v, f.Key)
		case "conflicts":
			sets := d.Array(v, f.Key)
			l.Conflicts = make([][]ConflictItem, len(sets))
			for i, set := range sets {
				items := d.Array(set, f.Key)
				l.Conflicts[i] = make([]ConflictItem, len(items))
				for j, it := range items {
					l.Conflicts[i][j] = d.conflictItem(it, "conflicts.")
				}
			}
		case "options":
			d.options(v)
		case "manifest":
			d.manifest(v)
		case "package", "distribution":
			items := d.Array(v, f.Key)
			pkgs := make([]Package, len(items)) // one allocation for all entries
			for i, it := range items {
				d.pkg(&pkgs[i], it, f.Key)
				l.Packages = append(l.Packages, &pkgs[i])
			}
		default:
			d.unknown("", f)
		}
	}
	if !hasVersion {
		if len(l.Packages) == 0 {
			d.Failf(root, "not a uv.lock file: no top-level \"version\" key and no [[package]] tables")
		} else {
			d.Failf(root, "missing top-level \"version\" key")
		}
	}
}

func (d *decoder) conflictItem(v *value, path string) ConflictItem {
	c := ConflictItem{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "conflict") {
		switch f.Key {
		case "package":
			c.Package = d.String(f.Value, f.Key)
		case "extra":
			c.Extra = d.String(f.Value, f.Key)
		case "group":
			c.Group = d.String(f.Value, f.Key)
		default:
			d.unknown(path, f)
		}
	}
	return c
}

func (d *decoder) options(v *value) {
	o := &d.lock.Options
	o.Pos = d.Pos(v)
	for _, f := range d.Table(v, "options") {
		d.lock.keys["options."+f.Key] = d.Pos(f.Value)
		switch f.Key {
		case "resolution-mode":
			o.ResolutionMode = d.String(f.Value, f.Key)
		case "prerelease-mode":
			o.PrereleaseMode = d.String(f.Value, f.Key)
		case "fork-strategy":
			o.ForkStrategy = d.String(f.Value, f.Key)
		case "exclude-newer":
			o.ExcludeNewer = d.Timestamp(f.Value, f.Key)
		case "exclude-newer-span":
			o.ExcludeNewerSpan = d.String(f.Value, f.Key)
		case "prerelease-package":
			fields := d.Table(f.Value, f.Key)
			o.PrereleasePackage = make(map[string]string, len(fields))
			for _, p := range fields {
				o.PrereleasePackage[p.Key] = d.String(p.Value, p.Key)
			}
		case "exclude-newer-package":
			if d.Want(f.Value, tomlpos.Table, f.Key) {
				o.ExcludeNewerPackage, _ = f.Value.Any().(map[string]any)
			}
		default:
			if o.Extra == nil {
				o.Extra = map[string]any{}
			}
			o.Extra[f.Key] = f.Value.Any()
			d.unknown("options.", f)
		}
	}
}

func (d *decoder) manifest(v *value) {
	m := &d.lock.Manifest
	m.Pos = d.Pos(v)
	for _, f := range d.Table(v, "manifest") {
		d.lock.keys["manifest."+f.Key] = d.Pos(f.Value)
		switch f.Key {
		case "members":
			m.Members = d.Strings(f.Value, f.Key)
		case "requirements":
			m.Requirements = d.requirements(f.Value, f.Key, "manifest.requirements.")
		case "constraints":
			m.Constraints = d.requirements(f.Value, f.Key, "manifest.constraints.")
		case "overrides":
			m.Overrides = d.requirements(f.Value, f.Key, "manifest.overrides.")
		case "build-constraints":
			m.BuildConstraints = d.requirements(f.Value, f.Key, "manifest.build-constraints.")
		case "excludes":
			m.Excludes = d.Strings(f.Value, f.Key)
		case "dependency-groups":
			m.DependencyGroups = groups(d, f.Value, f.Key, "manifest.dependency-groups.", nil, d.requirements)
		case "dependency-metadata":
			items := d.Array(f.Value, f.Key)
			m.DependencyMetadata = make([]DependencyMetadata, len(items))
			for i, it := range items {
				m.DependencyMetadata[i] = d.dependencyMetadata(it)
			}
		default:
			d.unknown("manifest.", f)
		}
	}
}

func (d *decoder) dependencyMetadata(v *value) DependencyMetadata {
	md := DependencyMetadata{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "dependency-metadata") {
		switch f.Key {
		case "name":
			md.Name = d.String(f.Value, f.Key)
		case "version":
			md.Version = d.String(f.Value, f.Key)
		case "requires-python":
			md.RequiresPython = d.String(f.Value, f.Key)
		case "requires-dist":
			md.RequiresDist = d.Strings(f.Value, f.Key)
		case "provides-extras":
			md.ProvidesExtras = d.Strings(f.Value, f.Key)
		default:
			d.unknown("manifest.dependency-metadata.", f)
		}
	}
	return md
}

func (d *decoder) requirements(v *value, key, path string) []Requirement {
	items := d.Array(v, key)
	if len(items) == 0 {
		return nil
	}
	reqs := make([]Requirement, len(items))
	for i, it := range items {
		r := &reqs[i]
		r.Pos = d.Pos(it)
		for _, f := range d.Table(it, key) {
			switch f.Key {
			case "name":
				r.Name = d.String(f.Value, f.Key)
			case "specifier":
				r.Specifier = d.String(f.Value, f.Key)
			case "marker":
				r.Marker = d.String(f.Value, f.Key)
			case "index":
				r.Index = d.String(f.Value, f.Key)
			case "extras":
				r.Extras = d.Strings(f.Value, f.Key)
			case "groups":
				r.Groups = d.Strings(f.Value, f.Key)
			case "conflict":
				c := d.conflictItem(f.Value, path+"conflict.")
				r.Conflict = &c
			case "subdirectory":
				r.Source.Subdirectory = d.String(f.Value, f.Key)
			default:
				if !d.sourceKey(&r.Source, f) {
					d.unknown(path, f)
				}
			}
		}
		if r.Source.Kind == Git {
			r.Source.Git = parseGit(r.Source.Value)
		}
	}
	return reqs
}

// sourceKey sets s from f if f is a source kind key such as registry = "…".
func (d *decoder) sourceKey(s *Source, f field) bool {
	switch k := SourceKind(f.Key); k {
	case Registry, Git, URL, Path, Directory, Editable, Virtual:
		if s.Kind != "" {
			d.Failf(f.Value, "source is both %s and %s", s.Kind, k)
		}
		s.Kind, s.Value = k, d.String(f.Value, f.Key)
		return true
	}
	return false
}

func (d *decoder) source(v *value, path string) Source {
	s := Source{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "source") {
		switch {
		case d.sourceKey(&s, f):
		case f.Key == "subdirectory":
			s.Subdirectory = d.String(f.Value, f.Key)
		default:
			d.unknown(path, f)
		}
	}
	if s.Kind == Git {
		s.Git = parseGit(s.Value)
	}
	return s
}

// pkg decodes the entry v into p.
func (d *decoder) pkg(p *Package, v *value, key string) {
	p.Pos = d.Pos(v)
	for _, f := range d.Table(v, key) {
		fv := f.Value
		switch f.Key {
		case "name":
			p.Name, p.NamePos = d.String(fv, f.Key), d.Pos(fv)
		case "version":
			p.Version, p.VersionPos = d.String(fv, f.Key), d.Pos(fv)
		case "source":
			p.Source = d.source(fv, "package.source.")
		case "resolution-markers":
			p.ResolutionMarkers = d.Strings(fv, f.Key)
		case "dependencies":
			p.Dependencies = d.deps(fv, f.Key, "package.dependencies.")
		case "optional-dependencies":
			p.OptionalDependencies = groups(d, fv, f.Key, "package.optional-dependencies.", p.OptionalDependencies, d.deps)
		case "dev-dependencies", "dependency-groups":
			p.DevDependencies = groups(d, fv, f.Key, "package.dev-dependencies.", p.DevDependencies, d.deps)
		case "sdist", "wheels":
			d.files(p, f.Key, fv)
		case "metadata":
			p.Metadata = d.metadata(fv)
		default:
			d.unknown("package.", f)
		}
	}
	if p.Name == "" {
		d.Failf(v, "package without a \"name\"")
	}
}

// files decodes the sdist or wheels v of p.
func (d *decoder) files(p *Package, key string, v *value) {
	if key == "sdist" {
		p.sdist = &carve(&d.artifacts, 1)[0]
		d.artifact(p.sdist, v, key, "package.sdist.")
		return
	}
	items := d.Array(v, key)
	p.wheels = carve(&d.artifacts, len(items))
	for i, it := range items {
		d.artifact(&p.wheels[i], it, key, "package.wheels.")
	}
}

func (d *decoder) deps(v *value, key, path string) []Dependency {
	items := d.Array(v, key)
	if len(items) == 0 {
		return nil
	}
	deps := carve(&d.edges, len(items))
	for i, it := range items {
		e := &deps[i]
		e.Pos = d.Pos(it)
		for _, f := range d.Table(it, key) {
			switch f.Key {
			case "name":
				e.Name = d.String(f.Value, f.Key)
			case "version":
				e.Version = d.String(f.Value, f.Key)
			case "source":
				s := d.source(f.Value, path+"source.")
				e.Source = &s
			case "extra":
				e.Extra = d.Strings(f.Value, f.Key)
			case "marker":
				e.Marker = d.String(f.Value, f.Key)
			default:
				d.unknown(path, f)
			}
		}
		if e.Name == "" {
			d.Failf(it, "dependency without a \"name\"")
		}
	}
	return deps
}

func (d *decoder) artifact(a *Artifact, v *value, key, path string) {
	a.Pos = d.Pos(v)
	for _, f := range d.Table(v, key) {
		switch f.Key {
		case "url":
			a.URL = d.String(f.Value, f.Key)
		case "path":
			a.Path = d.String(f.Value, f.Key)
		case "filename":
			a.Filename = d.String(f.Value, f.Key)
		case "hash":
			a.Hash = d.String(f.Value, f.Key)
		case "size":
			a.Size, a.HasSize = d.size(f.Value), true
		case "upload-time", "upload_time":
			a.UploadTime = d.Timestamp(f.Value, f.Key)
		case "zstd":
			a.Zstd = &Zstd{}
			for _, z := range d.Table(f.Value, f.Key) {
				switch z.Key {
				case "hash":
					a.Zstd.Hash = d.String(z.Value, z.Key)
				case "size":
					a.Zstd.Size, a.Zstd.HasSize = d.size(z.Value), true
				default:
					d.unknown(path+"zstd.", z)
				}
			}
		default:
			d.unknown(path, f)
		}
	}
}

func (d *decoder) size(v *value) int64 {
	n := d.Int(v, "size")
	if n < 0 {
		d.Failf(v, "key \"size\": %d is negative", n)
	}
	return n
}

func (d *decoder) metadata(v *value) *Metadata {
	md := &Metadata{Pos: d.Pos(v)}
	for _, f := range d.Table(v, "metadata") {
		switch f.Key {
		case "requires-dist":
			md.RequiresDist = d.requirements(f.Value, f.Key, "package.metadata.requires-dist.")
		case "provides-extras":
			md.ProvidesExtras = d.Strings(f.Value, f.Key)
		case "requires-dev", "dependency-groups":
			md.RequiresDev = groups(d, f.Value, f.Key, "package.metadata.requires-dev.", md.RequiresDev, d.requirements)
		default:
			d.unknown("package.metadata.", f)
		}
	}
	return md
}

// groups reads a table of named lists (extras, dependency groups) into m,
// appending to what an alias of the same table already put there.
func groups[T any](d *decoder, v *value, key, path string, m map[string][]T, items func(*value, string, string) []T) map[string][]T {
	fields := d.Table(v, key)
	if m == nil && len(fields) > 0 {
		m = make(map[string][]T, len(fields))
	}
	for _, f := range fields {
		m[f.Key] = append(m[f.Key], items(f.Value, f.Key, path)...)
	}
	return m
}
