// Package uvlock reads uv.lock files into a typed model in which every
// package, dependency edge and artifact knows where it is written.
//
// The model follows uv's lock format (version 1, revisions 0 to 4, and the
// older [[distribution]] spelling); see shared/notes/uvlock-format.md. Keys
// the model does not know are kept in Lock.Unknown, so a newer uv does not
// break the linter; a known key with the wrong type is an error.
package uvlock

import (
	"math/bits"
	"net/url"
	"path"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep508"

	"github.com/ballast-dev/ballast/parsers/tomlpos"
)

// The newest lock format this model knows: uv writes schema version 1, and
// revisions up to 4 within it (see shared/notes/uvlock-format.md). A lock
// beyond them still parses — unknown keys are kept — but what a newer uv
// records in new ways is missing from the model.
const (
	SchemaVersion  = 1
	NewestRevision = 4
)

// Pos is a byte span of the file with the 1-based line and byte column of
// its start.
type Pos = tomlpos.Pos

// Error is a problem in the file, formatted "FILE:LINE:COL: MSG".
type Error = tomlpos.Error

// Lock is a parsed uv.lock.
type Lock struct {
	File              string
	Version           int // schema major version, 1 for every uv so far
	Revision          int // schema minor revision; 0 when the key is absent
	RequiresPython    string
	RequiresPythonPos Pos
	ResolutionMarkers []string // fork markers; empty when the resolution did not fork
	SupportedMarkers  []string // tool.uv.environments
	RequiredMarkers   []string // tool.uv.required-environments
	Conflicts         [][]ConflictItem
	Options           Options
	Manifest          Manifest
	Packages          []*Package // in file order ([[package]] and [[distribution]])
	Unknown           []UnknownKey

	keys   map[string]Pos
	byName map[string][]*Package
	dups   []Duplicate
	lines  []int
}

// LineStarts returns the offset at which each line of the file starts;
// a file ending in a newline has a last, empty line starting at its end.
// The slice is the Lock's: not to be changed.
func (l *Lock) LineStarts() []int { return l.lines }

// Duplicate is a package entry that repeats an earlier one: the same name,
// version and source. uv identifies a package by these three and refuses to
// read a lock in which two entries share them ("found duplicate package").
type Duplicate struct {
	First, Second *Package
}

// Duplicates lists the entries that repeat an earlier entry, in file order.
func (l *Lock) Duplicates() []Duplicate { return l.dups }

// FormatNewer reports whether the lock's schema version, or its revision
// within version 1, is newer than this model knows.
func (l *Lock) FormatNewer() bool {
	return l.Version > SchemaVersion || l.Version == SchemaVersion && l.Revision > NewestRevision
}

// ConflictItem is one member of a set of mutually exclusive extras, groups
// or projects. At most one of Extra and Group is set; neither means the
// whole project.
type ConflictItem struct {
	Package, Extra, Group string
	Pos                   Pos
}

// Options are the resolver settings the lock was made with ([options]).
type Options struct {
	ResolutionMode   string
	PrereleaseMode   string
	ForkStrategy     string
	ExcludeNewer     string // RFC 3339, or the placeholder 0001-01-01T00:00:00Z when ExcludeNewerSpan is set
	ExcludeNewerSpan string // ISO 8601 duration such as "P7D"
	// PrereleasePackage maps a package name to its prerelease mode.
	PrereleasePackage map[string]string
	// ExcludeNewerPackage maps a package name to a timestamp, false, or a
	// map with "timestamp" and "span", as written.
	ExcludeNewerPackage map[string]any
	// Extra holds option keys this model does not know, as plain values.
	Extra map[string]any
	Pos   Pos // the [options] table; zero when absent
}

// Manifest is the [manifest] table: resolution inputs not owned by one
// package.
type Manifest struct {
	Members            []string
	Requirements       []Requirement
	Constraints        []Requirement
	Overrides          []Requirement
	Excludes           []string // package names
	BuildConstraints   []Requirement
	DependencyGroups   map[string][]Requirement // groups of a virtual workspace root
	DependencyMetadata []DependencyMetadata
	Pos                Pos // zero when absent
}

// DependencyMetadata is a static metadata override from
// tool.uv.dependency-metadata.
type DependencyMetadata struct {
	Name, Version, RequiresPython string
	RequiresDist                  []string // PEP 508 requirement strings
	ProvidesExtras                []string
	Pos                           Pos
}

// Requirement is a declared requirement as uv records it in [manifest] and
// [package.metadata]: a registry requirement (Specifier, Index) or a direct
// one (Source).
type Requirement struct {
	Name      string
	Extras    []string
	Groups    []string
	Marker    string
	Specifier string
	Index     string
	Conflict  *ConflictItem
	// Source is set for git, url, path, directory, editable and virtual
	// requirements; its Kind is empty for registry requirements.
	Source Source
	Pos    Pos
}

// Package is one [[package]] entry: a distribution at one version from one
// source. A name appears several times when the resolution forked.
type Package struct {
	Name              string
	Version           string // empty for source trees whose version is dynamic
	Source            Source
	ResolutionMarkers []string // the forks that chose this entry
	Dependencies      []Dependency
	// OptionalDependencies maps an extra of this package to the edges it
	// adds.
	OptionalDependencies map[string][]Dependency
	// DevDependencies maps a dependency group to its edges; it is read from
	// dev-dependencies and its alias dependency-groups.
	DevDependencies map[string][]Dependency
	Metadata        *Metadata // nil when absent (always, in revision 4 locks)

	// Pos spans the whole entry, from its [[package]] header to its last
	// key, sub-tables included. NamePos and VersionPos are the values.
	Pos, NamePos, VersionPos Pos

	sdist  *Artifact
	wheels []Artifact
}

// Sdist returns the package's source distribution, or nil.
func (p *Package) Sdist() *Artifact { return p.sdist }

// Wheels returns the package's wheels.
func (p *Package) Wheels() []Artifact { return p.wheels }

// ID names the entry as messages do: "six 1.16.0", or the name alone for
// a source tree whose version is dynamic.
func (p *Package) ID() string {
	if p.Version == "" {
		return p.Name
	}
	return p.Name + " " + p.Version
}

// Dependency is an edge from a package to another locked package.
type Dependency struct {
	Name    string
	Version string   // set only when Name is ambiguous in the lock
	Source  *Source  // set only when Name and Version are ambiguous
	Extra   []string // extras of the target this edge enables
	Marker  string   // PEP 508 marker; empty means always
	Pos     Pos      // the inline table
}

// SourceKind is where a package comes from; its value is the TOML key.
type SourceKind string

// The source kinds of uv.lock.
const (
	Registry  SourceKind = "registry"  // a package index; Value is its URL or a local path
	Git       SourceKind = "git"       // Value is the URL with query and #commit
	URL       SourceKind = "url"       // a direct archive URL
	Path      SourceKind = "path"      // a local archive file
	Directory SourceKind = "directory" // a local source tree, built and installed
	Editable  SourceKind = "editable"  // a local source tree installed editable
	Virtual   SourceKind = "virtual"   // a local project that is never built or installed
)

// Source is the source of a package or a dependency edge.
type Source struct {
	Kind         SourceKind // empty when the table names no known kind
	Value        string     // URL or path, as written
	Subdirectory string     // for url sources
	Git          *GitRef    // Value parsed, for git sources
	Pos          Pos
}

// IsLocalTree reports whether s is a source tree on disk (directory,
// editable or virtual).
func (s *Source) IsLocalTree() bool {
	return s.Kind == Directory || s.Kind == Editable || s.Kind == Virtual
}

// IsLocal reports whether s is built from local files: a path archive, a
// directory or an editable tree (the packages --no-install-local skips).
func (s *Source) IsLocal() bool {
	return s.Kind == Path || s.Kind == Directory || s.Kind == Editable
}

// Same reports whether s and o name the same source.
func (s *Source) Same(o *Source) bool {
	return s.Kind == o.Kind && s.Value == o.Value && s.Subdirectory == o.Subdirectory
}

// GitRef is a git source URL taken apart.
type GitRef struct {
	URL    string // repository URL without query or fragment
	Commit string // the fragment: the commit the lock resolved to
	// Rev, Tag, Branch, Subdirectory, Path and LFS come from the query.
	Rev, Tag, Branch, Subdirectory, Path string
	LFS                                  bool
}

func parseGit(s string) *GitRef {
	g := &GitRef{URL: s}
	if i := strings.LastIndexByte(g.URL, '#'); i >= 0 {
		g.URL, g.Commit = g.URL[:i], g.URL[i+1:]
	}
	if i := strings.IndexByte(g.URL, '?'); i >= 0 {
		// A malformed query still yields the parameters before the fault.
		q, _ := url.ParseQuery(g.URL[i+1:])
		g.URL = g.URL[:i]
		g.Rev, g.Tag, g.Branch = q.Get("rev"), q.Get("tag"), q.Get("branch")
		g.Subdirectory, g.Path, g.LFS = q.Get("subdirectory"), q.Get("path"), q.Get("lfs") == "true"
	}
	return g
}

// Artifact is an sdist or a wheel.
type Artifact struct {
	URL      string // remote artifacts
	Path     string // artifacts of a local index, and path-source sdists
	Filename string // path-source wheels
	Hash     string // "<algorithm>:<hex>"
	Size     int64  // compressed size in bytes, valid when HasSize
	HasSize  bool   // indexes such as download.pytorch.org give no size
	// UploadTime is the RFC 3339 upload time (upload-time, or upload_time
	// as uv 0.6.15–0.6.x wrote it).
	UploadTime string
	Zstd       *Zstd // a zstd-compressed variant of a wheel, rarely present
	Pos        Pos
}

// Zstd describes the zstd-compressed variant of a wheel.
type Zstd struct {
	Hash    string
	Size    int64
	HasSize bool
}

// Name returns the artifact's file name: Filename, else the last segment
// of URL (unescaped, so %2B is +) or Path. It is empty for a URL-source
// sdist, whose URL is the source itself.
func (a *Artifact) Name() string {
	switch {
	case a.Filename != "":
		return a.Filename
	case a.URL != "":
		// A cost estimate names every wheel of every installed package:
		// byte searches, not IndexAny, and no unescaping without a '%'.
		u := a.URL
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u = u[:i]
		}
		base := urlBase(u)
		if strings.IndexByte(base, '%') < 0 {
			return base
		}
		if s, err := url.PathUnescape(base); err == nil {
			return s
		}
		return base
	case a.Path != "":
		return path.Base(strings.ReplaceAll(a.Path, `\`, "/"))
	}
	return ""
}

// urlBase is path.Base(u). It looks for the last slash eight bytes at a
// time: path.Base's search goes byte by byte, over every wheel name of
// every installed package.
func urlBase(u string) string {
	end := len(u)
	for end > 0 && u[end-1] == '/' {
		end--
	}
	switch {
	case u == "":
		return "."
	case end == 0:
		return "/"
	}
	return u[lastSlash(u[:end])+1 : end]
}

// lastSlash returns the offset of the last '/' in s, or -1.
func lastSlash(s string) int {
	const ones, lows = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f
	i := len(s)
	for ; i >= 8; i -= 8 {
		w := s[i-8 : i]
		x := (uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56) ^ '/'*ones
		// The high bit of a byte is set exactly where x is zero: the
		// seven-bit sums carry into no other byte.
		if zero := ^((x&lows + lows) | x | lows); zero != 0 {
			return i - 8 + (63-bits.LeadingZeros64(zero))/8
		}
	}
	return strings.LastIndexByte(s[:i], '/')
}

// Metadata is [package.metadata]: a copy of the package's declared
// requirements, which uv uses to check that the lock is fresh.
type Metadata struct {
	RequiresDist   []Requirement
	ProvidesExtras []string
	// RequiresDev maps a dependency group to its requirements; it is read
	// from requires-dev and its alias dependency-groups.
	RequiresDev map[string][]Requirement
	Pos         Pos
}

// UnknownKey is a key this model does not know, kept for rules and for
// forward compatibility.
type UnknownKey struct {
	Key   string // dotted path without array indices, e.g. "package.wheels.zstd2"
	Value any    // as tomlpos.Value.Any returns it
	Pos   Pos    // from the key to the end of its value
}

// KeyPos returns the span of the value of a key outside [[package]]: a
// top-level key ("requires-python", "conflicts") or a key of [options] or
// [manifest] ("options.exclude-newer", "manifest.members").
func (l *Lock) KeyPos(key string) (Pos, bool) {
	p, ok := l.keys[key]
	return p, ok
}

// Lookup returns every entry of the package called name, in file order.
// The name is normalized first.
func (l *Lock) Lookup(name string) []*Package {
	return l.byName[NormalizeName(name)]
}

// Resolve returns the package the edge e points to, using its version and
// source to choose among forks. It returns nil when no entry matches, or
// when several do (uv would have written version and source to tell them
// apart).
func (l *Lock) Resolve(e Dependency) *Package {
	var found *Package
	for _, p := range l.Lookup(e.Name) {
		if e.Version != "" && p.Version != e.Version || e.Source != nil && !e.Source.Same(&p.Source) {
			continue
		}
		if found != nil {
			return nil
		}
		found = p
	}
	return found
}

// Roots returns the packages uv sync starts from: local source trees at the
// workspace root (path ".") and the workspace members named in [manifest],
// in file order.
func (l *Lock) Roots() []*Package {
	members := make(map[string]bool, len(l.Manifest.Members))
	for _, m := range l.Manifest.Members {
		members[NormalizeName(m)] = true
	}
	var roots []*Package
	for _, p := range l.Packages {
		if p.Source.IsLocalTree() && (p.Source.Value == "." || members[NormalizeName(p.Name)]) {
			roots = append(roots, p)
		}
	}
	return roots
}

// NormalizeName normalizes a distribution name as PEP 503 does: lower case,
// with each run of '-', '_' and '.' replaced by one '-'.
func NormalizeName(name string) string { return pep508.NormalizeName(name) }
