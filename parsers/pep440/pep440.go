// Package pep440 reads Python version numbers and version specifiers
// (PEP 440) as far as ballast needs them: release segments, pre-, post- and
// dev-releases, local labels, and the comparison operators of
// `requires-python` and requirement strings.
package pep440

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// Version is a parsed PEP 440 version.
type Version struct {
	Epoch   int
	Release []int
	// Pre is the pre-release phase ("a", "b", "rc") and number; "" when final.
	Pre    string
	PreN   int
	Post   int // -1 when absent
	Dev    int // -1 when absent
	Local  string
	String string
}

// Parse reads a version such as "3.11", "2.5.1+cu124", "1.0rc1", "1!2.0.post3".
func Parse(s string) (Version, error) {
	v := Version{Post: -1, Dev: -1, String: s}
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "v")
	if i := strings.IndexByte(t, '+'); i >= 0 {
		v.Local, t = t[i+1:], t[:i]
	}
	if i := strings.IndexByte(t, '!'); i >= 0 {
		e, err := strconv.Atoi(t[:i])
		if err != nil {
			return v, fmt.Errorf("invalid version %q", s)
		}
		v.Epoch, t = e, t[i+1:]
	}
	i := 0
	for {
		j := i
		for j < len(t) && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		if j == i {
			return v, fmt.Errorf("invalid version %q", s)
		}
		n, err := strconv.Atoi(t[i:j])
		if err != nil {
			return v, fmt.Errorf("invalid version %q", s)
		}
		v.Release = append(v.Release, n)
		i = j
		if i+1 < len(t) && t[i] == '.' && t[i+1] >= '0' && t[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	rest := strings.TrimLeft(t[i:], ".-_")
	for rest != "" {
		var label string
		for _, l := range []string{"alpha", "beta", "preview", "pre", "rc", "c", "a", "b", "post", "rev", "r", "dev"} {
			if strings.HasPrefix(rest, l) {
				label = l
				break
			}
		}
		if label == "" {
			return v, fmt.Errorf("invalid version %q", s)
		}
		rest = strings.TrimLeft(rest[len(label):], ".-_")
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n := 0
		if j > 0 {
			n, _ = strconv.Atoi(rest[:j])
		}
		rest = strings.TrimLeft(rest[j:], ".-_")
		switch label {
		case "alpha", "a":
			v.Pre, v.PreN = "a", n
		case "beta", "b":
			v.Pre, v.PreN = "b", n
		case "rc", "c", "pre", "preview":
			v.Pre, v.PreN = "rc", n
		case "post", "rev", "r":
			v.Post = n
		case "dev":
			v.Dev = n
		}
	}
	return v, nil
}

// Compare orders versions as PEP 440 does (local labels compare as strings).
func Compare(a, b Version) int {
	if c := cmp.Compare(a.Epoch, b.Epoch); c != 0 {
		return c
	}
	n := max(len(a.Release), len(b.Release))
	for i := range n {
		if c := cmp.Compare(at(a.Release, i), at(b.Release, i)); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(preKey(a), preKey(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Post, b.Post); c != 0 {
		return c
	}
	if c := cmp.Compare(devKey(a), devKey(b)); c != 0 {
		return c
	}
	return cmp.Compare(a.Local, b.Local)
}

func at(r []int, i int) int {
	if i < len(r) {
		return r[i]
	}
	return 0
}

// preKey ranks dev-only < a < b < rc < final.
func preKey(v Version) int {
	switch {
	case v.Pre == "a":
		return 1<<20 + v.PreN
	case v.Pre == "b":
		return 2<<20 + v.PreN
	case v.Pre == "rc":
		return 3<<20 + v.PreN
	case v.Dev >= 0 && v.Post < 0:
		return 0
	default:
		return 4 << 20
	}
}

func devKey(v Version) int {
	if v.Dev < 0 {
		return 1 << 30
	}
	return v.Dev
}

// Clause is one operator and version of a specifier set.
type Clause struct {
	Op      string // ==, !=, <=, >=, <, >, ~=, ===
	Version string
	// Wildcard is true for "==3.12.*" and "!=3.12.*".
	Wildcard bool
	v        Version
}

// Specifiers is a comma-separated specifier set such as ">=3.10, <4".
type Specifiers []Clause

// ParseSpecifiers reads a specifier set; an empty string allows everything.
func ParseSpecifiers(s string) (Specifiers, error) {
	var out Specifiers
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var c Clause
		for _, op := range []string{"===", "~=", "==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(part, op) {
				c.Op = op
				break
			}
		}
		if c.Op == "" {
			return nil, fmt.Errorf("invalid version specifier %q", part)
		}
		c.Version = strings.TrimSpace(part[len(c.Op):])
		if strings.HasSuffix(c.Version, ".*") && (c.Op == "==" || c.Op == "!=") {
			c.Wildcard = true
		}
		if c.Op != "===" {
			v, err := Parse(strings.TrimSuffix(c.Version, ".*"))
			if err != nil {
				return nil, fmt.Errorf("invalid version specifier %q: %w", part, err)
			}
			c.v = v
		}
		out = append(out, c)
	}
	return out, nil
}

// Contains reports whether v satisfies every clause.
func (s Specifiers) Contains(v Version) bool {
	for _, c := range s {
		if !c.contains(v) {
			return false
		}
	}
	return true
}

func (c Clause) contains(v Version) bool {
	switch c.Op {
	case "===":
		return v.String == c.Version
	case "==", "!=":
		var eq bool
		if c.Wildcard {
			eq = v.Epoch == c.v.Epoch && prefixEqual(v.Release, c.v.Release)
		} else {
			w := v
			if c.v.Local == "" {
				w.Local = ""
			}
			eq = Compare(w, c.v) == 0
		}
		return eq == (c.Op == "==")
	case "~=":
		if len(c.v.Release) < 2 {
			return false
		}
		return Compare(v, c.v) >= 0 && prefixEqual(v.Release, c.v.Release[:len(c.v.Release)-1])
	}
	d := Compare(stripLocal(v), c.v)
	switch c.Op {
	case "<=":
		return d <= 0
	case ">=":
		return d >= 0
	case "<":
		return d < 0
	case ">":
		return d > 0
	}
	return false
}

func stripLocal(v Version) Version { v.Local = ""; return v }

// prefixEqual reports whether v's release starts with prefix (missing
// segments count as 0).
func prefixEqual(release, prefix []int) bool {
	for i, p := range prefix {
		if at(release, i) != p {
			return false
		}
	}
	return true
}

// AllowsMinor reports whether any patch release X.Y.Z (Z from 0 to 99) of
// the minor series "X.Y" satisfies the set: an image that provides "3.11"
// may carry any 3.11 patch release.
func (s Specifiers) AllowsMinor(major, minor int) bool {
	// One version, its patch counted up, and no formatting: a check asks
	// this for every Python the lock might meet.
	prefix := strconv.Itoa(major) + "." + strconv.Itoa(minor) + "."
	v := Version{Release: []int{major, minor, 0}, Post: -1, Dev: -1}
	for z := range 100 {
		v.Release[2], v.String = z, prefix+strconv.Itoa(z)
		if s.Contains(v) {
			return true
		}
	}
	return false
}
