package dockerfile

import "strings"

// ImageRef is an image reference (FROM, COPY --from, RUN --mount from=)
// split into its parts as written: nothing is normalized, so that offsets
// point into the source.
type ImageRef struct {
	// Name is the repository with its registry, if any: "python",
	// "ghcr.io/astral-sh/uv", "localhost:5000/app".
	Name        string
	Tag, Digest string
	// TagAt is the offset of Tag in the reference, -1 without a tag.
	TagAt int
}

// ParseImageRef splits an image reference by Docker's grammar
// (github.com/distribution/reference). A word that grammar rejects is
// still split on the grammar's separators — the digest after "@", the tag
// after the last ":" that follows the last "/" — because rules read words
// before BuildKit would: `python:${PY}-slim` has a tag, `${REG}/python`
// has none, and upper case (`FROM Python:3`) is BuildKit's error to
// report, not a reason to misread the tag.
func ParseImageRef(s string) ImageRef {
	ref := ImageRef{TagAt: -1}
	if r, ok := parseReference(s); ok {
		ref.Name, ref.Tag, ref.Digest = r.name(), r.tag, r.digest
		if r.tag != "" {
			ref.TagAt = len(ref.Name) + 1
		}
		return ref
	}
	if at := strings.IndexByte(s, '@'); at >= 0 {
		ref.Digest = s[at+1:]
		s = s[:at]
	}
	if colon := strings.LastIndexByte(s, ':'); colon > strings.LastIndexByte(s, '/') {
		ref.Tag, ref.TagAt = s[colon+1:], colon+1
		s = s[:colon]
	}
	ref.Name = s
	return ref
}

// Registry is the registry the reference pulls from, in lower case: the
// first part of the name when Docker reads it as a host (it holds a "."
// or a ":", is localhost, or has capitals, which a Docker Hub path
// cannot), else Docker Hub, "docker.io" (which index.docker.io also
// names). For a name the grammar rejects, only "." or ":" or localhost
// make a host.
func (r ImageRef) Registry() string {
	if domain, ok := normalizedDomain(r.Name); ok {
		return strings.ToLower(domain)
	}
	first, _, ok := strings.Cut(r.Name, "/")
	if !ok || !strings.ContainsAny(first, ".:") && first != "localhost" {
		return "docker.io"
	}
	return strings.ToLower(first)
}
