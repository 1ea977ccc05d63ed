package dockerfile

import "strings"

// Docker's image reference grammar (github.com/distribution/reference),
// written as code: that package compiles its regular expressions at
// start-up, which was a third of the instructions of an editor's on-save
// lint of a 100-line Dockerfile. The package stays the oracle of the
// tests, which compare the two on every reference they see.

// imageReference is a reference the grammar accepts, split as
// reference.Parse splits it: Name is domain + "/" + path, or path.
type imageReference struct {
	domain, path, tag, digest string
}

func (r imageReference) name() string {
	if r.domain == "" {
		return r.path
	}
	return r.domain + "/" + r.path
}

// parseReference reports whether reference.Parse accepts s, and its parts.
func parseReference(s string) (imageReference, bool) {
	var r imageReference
	name := s
	if at := strings.IndexByte(name, '@'); at >= 0 {
		name, r.digest = name[:at], name[at+1:]
		if !validDigest(r.digest) {
			return imageReference{}, false
		}
	}
	if colon := strings.LastIndexByte(name, ':'); colon > strings.LastIndexByte(name, '/') {
		name, r.tag = name[:colon], name[colon+1:]
		if !validTag(r.tag) {
			return imageReference{}, false
		}
	}
	if first, rest, ok := strings.Cut(name, "/"); ok && validDomain(first) && validPath(rest) {
		r.domain, r.path = first, rest
	} else if validPath(name) {
		r.path = name
	} else {
		return imageReference{}, false
	}
	if len(r.path) > 255 {
		return imageReference{}, false
	}
	return r, true
}

// normalizedDomain is the domain of reference.ParseNormalizedNamed(s),
// and whether it accepts s.
func normalizedDomain(s string) (string, bool) {
	if len(s) == 64 && strings.Trim(s, "0123456789abcdef") == "" {
		return "", false
	}
	domain, remainder := "docker.io", s
	if first, rest, ok := strings.Cut(s, "/"); ok {
		switch {
		case first == "index.docker.io":
			remainder = rest
		case first == "localhost", strings.ContainsAny(first, ".:"), strings.ToLower(first) != first:
			domain, remainder = first, rest
		}
	}
	if domain == "docker.io" && !strings.Contains(remainder, "/") {
		remainder = "library/" + remainder
	}
	remote, _, _ := strings.Cut(remainder, ":")
	if strings.ToLower(remote) != remote {
		return "", false
	}
	r, ok := parseReference(domain + "/" + remainder)
	return r.domain, ok
}

// ValidReference reports whether BuildKit accepts s as an image
// reference (reference.ParseNormalizedNamed).
func ValidReference(s string) bool {
	_, ok := normalizedDomain(s)
	return ok
}

// validTag is [\w][\w.-]{0,127}.
func validTag(s string) bool {
	if s == "" || len(s) > 128 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !isWord(c) && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// validDomain is host[:port], host a dot-separated domain name or a
// bracketed IPv6 address.
func validDomain(s string) bool {
	port := ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 2 || strings.Trim(s[1:end], "0123456789abcdefABCDEF:") != "" {
			return false
		}
		port = s[end+1:]
	} else {
		host := s
		if colon := strings.IndexByte(s, ':'); colon >= 0 {
			host, port = s[:colon], s[colon:]
		}
		for label := range strings.SplitSeq(host, ".") {
			if !validLabel(label) {
				return false
			}
		}
	}
	return port == "" || len(port) > 1 && port[0] == ':' && strings.Trim(port[1:], "0123456789") == ""
}

// validLabel is [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9].
func validLabel(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !isAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// validPath is components joined by "/", each [a-z0-9]+ joined by ".",
// "_", "__" or a run of "-".
func validPath(s string) bool {
	for comp := range strings.SplitSeq(s, "/") {
		if comp == "" {
			return false
		}
		for i := 0; i < len(comp); {
			if !isLowerAlnum(comp[i]) {
				return false
			}
			for i < len(comp) && isLowerAlnum(comp[i]) {
				i++
			}
			if i == len(comp) {
				break
			}
			sep := i
			for i < len(comp) && comp[i] == '-' {
				i++
			}
			if i == sep {
				switch {
				case strings.HasPrefix(comp[i:], "__"):
					i += 2
				case comp[i] == '.' || comp[i] == '_':
					i++
				default:
					return false
				}
			}
			if i == len(comp) {
				return false
			}
		}
	}
	return true
}

// validDigest is what digest.Parse accepts: algorithm ":" hex, the
// algorithms go-digest knows checked for their length and lower-case hex.
func validDigest(s string) bool {
	alg, hex, ok := strings.Cut(s, ":")
	if !ok || alg == "" || hex == "" {
		return false
	}
	want := map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}[alg]
	if want == 0 {
		return false // unsupported or malformed: an error either way
	}
	return len(hex) == want && strings.Trim(hex, "0123456789abcdef") == ""
}

func isLowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

func isAlnum(c byte) bool { return isLowerAlnum(c) || 'A' <= c && c <= 'Z' }

func isWord(c byte) bool { return isAlnum(c) || c == '_' }
