package dockerfile

import (
	// go-digest accepts sha384 and sha512 digests only when the hash is
	// linked in, as it is in BuildKit (and was in ballast).
	_ "crypto/sha512"
	"strings"
	"testing"

	"github.com/distribution/reference"
)

// checkReference compares the grammar written as code with
// distribution/reference, the package BuildKit parses references with.
func checkReference(t *testing.T, s string) {
	t.Helper()
	got, ok := parseReference(s)
	r, err := reference.Parse(s)
	if ok != (err == nil) {
		t.Fatalf("parseReference(%q) ok = %v, reference.Parse error = %v", s, ok, err)
	}
	if ok {
		var name, tag, digest string
		if n, isNamed := r.(reference.Named); isNamed {
			name = n.Name()
		}
		if tr, isTagged := r.(reference.Tagged); isTagged {
			tag = tr.Tag()
		}
		if d, isDigested := r.(reference.Digested); isDigested {
			digest = d.Digest().String()
		}
		var domain string
		if n, isNamed := r.(reference.Named); isNamed {
			domain = reference.Domain(n)
		}
		if got.name() != name || got.tag != tag || got.digest != digest || got.domain != domain {
			t.Fatalf("parseReference(%q) = %+v, want name %q domain %q tag %q digest %q", s, got, name, domain, tag, digest)
		}
	}
	gotDomain, ok := normalizedDomain(s)
	n, err := reference.ParseNormalizedNamed(s)
	if ok != (err == nil) {
		t.Fatalf("normalizedDomain(%q) ok = %v, reference.ParseNormalizedNamed error = %v", s, ok, err)
	}
	if ok && gotDomain != reference.Domain(n) {
		t.Fatalf("normalizedDomain(%q) = %q, want %q", s, gotDomain, reference.Domain(n))
	}
}

var referenceSeeds = []string{
	"", "python", "python:3.12-slim", "Python:3", "python:latest@sha256:" + strings.Repeat("a", 64),
	"ghcr.io/astral-sh/uv:0.5.11", "localhost:5000/app", "localhost/app:1", "[::1]:5000/app:tag", "[::1]/a",
	"[]/a", "[g]/a", "a:b", "a:b/c", "foo/bar", "Foo/bar", "a_b.c/x", "a__b", "a___b", "a--b", "a-", "-a",
	"a..b", "a.b", "a/b/c", "a//b", "a/", "/a", "docker.io/python", "index.docker.io/library/python",
	"host:/a", "host:x/a", "host:1x/a", "a-.b/c", "a.-b/c", "exa-mple.com:443/a/b:t@sha256:" + strings.Repeat("0", 64),
	"a@sha256:" + strings.Repeat("A", 64), "a@sha256:abc", "a@md5:" + strings.Repeat("a", 32), "a@sha512:" + strings.Repeat("f", 128),
	"a@sha384:" + strings.Repeat("1", 96), "a@", "@sha256:" + strings.Repeat("a", 64), "a:", "a:.t", "a:-t", "a:_t", "a:" + strings.Repeat("t", 128),
	"a:" + strings.Repeat("t", 129), strings.Repeat("a", 64), strings.Repeat("a", 256), "h/" + strings.Repeat("a", 255), "h.io/" + strings.Repeat("a", 255),
	"A", "a:B", "ubuntu:${V}", "${REG}/python", "a b", "a\n", "é", "a.b:c", "a.b:1/c:d",
}

func TestReferenceGrammar(t *testing.T) {
	for _, s := range referenceSeeds {
		checkReference(t, s)
	}
}

func FuzzReferenceGrammar(f *testing.F) {
	for _, s := range referenceSeeds {
		f.Add(s)
	}
	f.Fuzz(checkReference)
}
