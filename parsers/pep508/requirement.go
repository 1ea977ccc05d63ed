package pep508

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ballast-dev/ballast/parsers/pep440"
)

// Requirement is a parsed PEP 508 requirement string such as
// "torch[cuda]>=2.0,<3 ; python_version < '3.12'" or "pkg @ https://…".
type Requirement struct {
	Name           string   // as written
	NormalizedName string   // PEP 503
	Extras         []string // normalized (PEP 685), in written order
	Specifier      string   // version specifier set as written, without parentheses; "" for any
	URL            string   // the direct reference after '@'; "" when absent
	Marker         string   // the marker after ';', as written; "" when absent
}

// ParseRequirement parses a requirement string. The specifier and the marker
// are checked to parse; errors give the column in s.
func ParseRequirement(s string) (Requirement, error) {
	r := reqParser{src: s}
	return r.parse()
}

type reqParser struct {
	src string
	pos int
}

func (r *reqParser) fail(pos int, format string, args ...any) error {
	return &SyntaxError{Kind: "requirement", Input: r.src, Column: pos + 1, Msg: fmt.Sprintf(format, args...)}
}

func (r *reqParser) skipBlank() {
	for r.pos < len(r.src) && isBlank(r.src[r.pos]) {
		r.pos++
	}
}

func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// name reads a package or extra name: letters and digits, with '-', '_'
// and '.' allowed inside.
func (r *reqParser) name(article, what string) (string, error) {
	start := r.pos
	for r.pos < len(r.src) && isNameByte(r.src[r.pos]) {
		r.pos++
	}
	name := r.src[start:r.pos]
	if name == "" {
		return "", r.fail(start, "expected %s %s, found %s", article, what, r.describe(start))
	}
	if !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return "", r.fail(start, "%s %q must start and end with a letter or digit", what, name)
	}
	return name, nil
}

func (r *reqParser) describe(pos int) string {
	if pos >= len(r.src) {
		return "end of requirement"
	}
	return fmt.Sprintf("%q", nextRune(r.src[pos:]))
}

func (r *reqParser) parse() (Requirement, error) {
	var req Requirement
	var err error
	r.skipBlank()
	if req.Name, err = r.name("a", "package name"); err != nil {
		return req, err
	}
	req.NormalizedName = NormalizeName(req.Name)
	r.skipBlank()
	if r.pos < len(r.src) && r.src[r.pos] == '[' {
		if req.Extras, err = r.extras(); err != nil {
			return req, err
		}
		r.skipBlank()
	}
	switch {
	case r.pos < len(r.src) && r.src[r.pos] == '@':
		r.pos++
		r.skipBlank()
		start := r.pos
		// A URL ends at a blank: "; marker" must be preceded by one, since
		// ';' may appear in a URL.
		for r.pos < len(r.src) && !isBlank(r.src[r.pos]) {
			r.pos++
		}
		if req.URL = r.src[start:r.pos]; req.URL == "" {
			return req, r.fail(start, "expected a URL after '@'")
		}
	case r.pos < len(r.src) && r.src[r.pos] == '(':
		open := r.pos
		end := strings.IndexByte(r.src[open:], ')')
		if end < 0 {
			return req, r.fail(open, "expected ')' to close '('")
		}
		r.pos = open + end + 1
		if req.Specifier, err = r.specifier(open+1, open+end); err != nil {
			return req, err
		}
	default:
		start := r.pos
		for r.pos < len(r.src) && r.src[r.pos] != ';' {
			r.pos++
		}
		if req.Specifier, err = r.specifier(start, r.pos); err != nil {
			return req, err
		}
	}
	r.skipBlank()
	if r.pos == len(r.src) {
		return req, nil
	}
	if r.src[r.pos] != ';' {
		return req, r.fail(r.pos, "expected ';' or end of requirement, found %s", r.describe(r.pos))
	}
	r.pos++
	start := r.pos
	marker := strings.TrimSpace(r.src[start:])
	if marker == "" {
		return req, r.fail(start, "expected a marker after ';'")
	}
	if _, err := ParseMarker(r.src[start:]); err != nil {
		if se, ok := errors.AsType[*SyntaxError](err); ok {
			return req, r.fail(start+se.Column-1, "%s", se.Msg)
		}
		return req, err
	}
	req.Marker = marker
	return req, nil
}

func (r *reqParser) extras() ([]string, error) {
	open := r.pos
	r.pos++
	var extras []string
	for {
		r.skipBlank()
		if r.pos == len(r.src) {
			return nil, r.fail(r.pos, "expected ']' to close '[' at column %d", open+1)
		}
		if r.src[r.pos] == ']' && len(extras) == 0 {
			r.pos++
			return extras, nil
		}
		name, err := r.name("an", "extra name")
		if err != nil {
			return nil, err
		}
		extras = append(extras, NormalizeName(name))
		r.skipBlank()
		switch {
		case r.pos < len(r.src) && r.src[r.pos] == ']':
			r.pos++
			return extras, nil
		case r.pos < len(r.src) && r.src[r.pos] == ',':
			r.pos++
		default:
			return nil, r.fail(r.pos, "expected ',' or ']', found %s", r.describe(r.pos))
		}
	}
}

// specifier checks the version specifier set in src[start:end].
func (r *reqParser) specifier(start, end int) (string, error) {
	spec := strings.TrimSpace(r.src[start:end])
	if spec == "" {
		return "", nil
	}
	if _, err := pep440.ParseSpecifiers(spec); err != nil {
		for start < end && isBlank(r.src[start]) {
			start++
		}
		return "", r.fail(start, "%v", err)
	}
	return spec, nil
}
