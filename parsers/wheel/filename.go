// Package wheel reads wheel file names (PEP 427, PEP 491) and decides, the
// way uv does at install time, which wheel of a locked package a target
// interpreter and platform would use: the PEP 425 compatibility tags in
// uv's priority order, and the build tag as the tie-breaker.
package wheel

import (
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Tag is one PEP 425 compatibility tag.
type Tag struct{ Python, ABI, Platform string }

// String returns the tag as a wheel writes it, "cp312-cp312-linux_x86_64".
func (t Tag) String() string { return t.Python + "-" + t.ABI + "-" + t.Platform }

// Filename is a parsed wheel file name,
// {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl.
type Filename struct {
	Name, Version string
	Build         string // build tag as written, "" if none
	// BuildNumber and BuildSuffix split Build into its leading digits and
	// the rest, the two keys PEP 427 orders build tags by.
	BuildNumber int
	BuildSuffix string
	// Tags expands the compressed tag sets: "cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64"
	// gives 2 × 1 × 2 tags, python tag outermost, platform tag innermost.
	Tags []Tag
}

// String returns a file name that parses back to f, with the tag sets
// compressed again.
func (f *Filename) String() string {
	var py, abi, plat []string
	for _, t := range f.Tags {
		py = appendNew(py, t.Python)
		abi = appendNew(abi, t.ABI)
		plat = appendNew(plat, t.Platform)
	}
	parts := []string{f.Name, f.Version}
	if f.Build != "" {
		parts = append(parts, f.Build)
	}
	parts = append(parts, strings.Join(py, "."), strings.Join(abi, "."), strings.Join(plat, "."))
	return strings.Join(parts, "-") + ".whl"
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// ParseFilename reads a wheel file name such as
// "torch-2.5.1-cp311-cp311-manylinux1_x86_64.whl". A name taken from a URL
// may still be percent-encoded ("torch-2.9.1%2Bcu128-cp312-…"); it is
// decoded first. The name and version are checked as uv checks them (the
// version must be a PEP 440 version), the tags only for their shape, so a
// tag no interpreter knows is kept and simply never compatible.
//
// Apart from decoding, the only allocation is the Tags slice: the strings
// of f share the memory of name.
func ParseFilename(name string) (Filename, error) {
	decoded, err := decode(name)
	if err != nil {
		return Filename{}, fmt.Errorf("wheel file name %q: %w", name, err)
	}
	p, err := split(decoded)
	if err != nil {
		return Filename{}, fmt.Errorf("wheel file name %q: %w", name, err)
	}
	f := Filename{Name: p.name, Version: p.version, Build: p.build, BuildNumber: p.buildNumber, BuildSuffix: p.buildSuffix}
	f.Tags = make([]Tag, 0, count(p.python)*count(p.abi)*count(p.platform))
	for t := range p.tags() {
		f.Tags = append(f.Tags, t)
	}
	return f, nil
}

// Platforms checks a wheel file name as ParseFilename does and returns its
// platform tags, "manylinux_2_17_x86_64.manylinux2014_x86_64" split at the
// dots, without expanding the tags of the name: for a reader that looks
// only at platforms.
func Platforms(name string) ([]string, error) {
	decoded, err := decode(name)
	if err != nil {
		return nil, fmt.Errorf("wheel file name %q: %w", name, err)
	}
	p, err := split(decoded)
	if err != nil {
		return nil, fmt.Errorf("wheel file name %q: %w", name, err)
	}
	return strings.Split(p.platform, "."), nil
}

// decode undoes the percent-encoding of a URL's last segment; names
// without a '%' are returned as they are, without allocating.
func decode(name string) (string, error) {
	if !strings.Contains(name, "%") {
		return name, nil
	}
	s, err := url.PathUnescape(name)
	if err != nil {
		return "", errors.New("invalid percent-encoding")
	}
	return s, nil
}

func count(set string) int { return strings.Count(set, ".") + 1 }

// parts are the fields of a wheel file name, checked but not expanded.
type parts struct {
	name, version, build  string
	buildNumber           int
	buildSuffix           string
	python, abi, platform string
}

// tags expands the compressed tag sets, python tag outermost, platform
// tag innermost, without allocating.
func (p *parts) tags() iter.Seq[Tag] {
	return func(yield func(Tag) bool) {
		for pys := p.python; pys != ""; {
			var py string
			py, pys, _ = strings.Cut(pys, ".")
			for abis := p.abi; abis != ""; {
				var abi string
				abi, abis, _ = strings.Cut(abis, ".")
				for plats := p.platform; plats != ""; {
					var plat string
					plat, plats, _ = strings.Cut(plats, ".")
					if !yield(Tag{py, abi, plat}) {
						return
					}
				}
			}
		}
	}
}

// split checks a decoded wheel file name and cuts it into its fields
// without allocating.
func split(file string) (parts, error) {
	p, err := fields(file)
	if err != nil {
		return p, err
	}
	if err := p.checkHead(); err != nil {
		return p, err
	}
	return p, p.checkTags()
}

// fields cuts a wheel file name into its fields, unchecked.
func fields(file string) (parts, error) {
	var p parts
	stem, ok := strings.CutSuffix(file, ".whl")
	if !ok {
		return p, errors.New("not a .whl file")
	}
	switch strings.Count(stem, "-") {
	case 4:
		p.name, stem, _ = strings.Cut(stem, "-")
		p.version, stem, _ = strings.Cut(stem, "-")
	case 5:
		p.name, stem, _ = strings.Cut(stem, "-")
		p.version, stem, _ = strings.Cut(stem, "-")
		p.build, stem, _ = strings.Cut(stem, "-")
	default:
		return p, errors.New("want {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl")
	}
	p.python, stem, _ = strings.Cut(stem, "-")
	p.abi, p.platform, _ = strings.Cut(stem, "-")
	return p, nil
}

// checkHead checks the name, version and build tag of p, and reads the
// build tag.
func (p *parts) checkHead() error {
	if p.name == "" || !allBytes(p.name, isNameByte) {
		return fmt.Errorf("invalid distribution name %q", p.name)
	}
	if !validVersion(p.version) {
		return fmt.Errorf("invalid version %q", p.version)
	}
	if p.build != "" {
		digits := leadingDigits(p.build, 0)
		if digits == 0 || !allBytes(p.build, isBuildByte) {
			return fmt.Errorf("invalid build tag %q: it must start with a digit", p.build)
		}
		n, err := strconv.Atoi(p.build[:digits])
		if err != nil {
			return fmt.Errorf("invalid build tag %q: number out of range", p.build)
		}
		p.buildNumber, p.buildSuffix = n, p.build[digits:]
	}
	return nil
}

// checkTags checks the tag sets of p.
func (p *parts) checkTags() error {
	for _, set := range [...]struct{ what, s string }{{"python", p.python}, {"ABI", p.abi}, {"platform", p.platform}} {
		if !validTagSet(set.s) {
			return fmt.Errorf("invalid %s tag %q", set.what, set.s)
		}
	}
	return nil
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isNameByte(c byte) bool  { return isAlnum(c) || c == '_' || c == '.' }
func isBuildByte(c byte) bool { return isAlnum(c) || c == '_' || c == '.' }

// validTagSet accepts one or more non-empty dot-separated tags made of
// letters, digits and underscores.
func validTagSet(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	return allBytes(s, func(c byte) bool { return isAlnum(c) || c == '_' || c == '.' })
}

// leadingDigits returns the index of the first non-digit at or after i.
func leadingDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// validVersion reports whether s is a PEP 440 version in any of the
// spellings PEP 440 normalizes (case, separators, "alpha", "rev", a
// leading "v"), as far as a wheel file name can hold one: no '-', which
// separates the fields.
func validVersion(s string) bool {
	i := 0
	if i < len(s) && (s[i] == 'v' || s[i] == 'V') {
		i++
	}
	j := leadingDigits(s, i)
	if j == i {
		return false
	}
	if j < len(s) && s[j] == '!' { // epoch
		i = j + 1
		if j = leadingDigits(s, i); j == i {
			return false
		}
	}
	i = j
	for i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
		i = leadingDigits(s, i+1)
	}
	i = versionSuffix(s, i, preLabels)
	i = versionSuffix(s, i, postLabels)
	i = versionSuffix(s, i, devLabels)
	if i < len(s) && s[i] == '+' {
		i++
		for {
			j := i
			for j < len(s) && isAlnum(s[j]) {
				j++
			}
			if j == i {
				return false
			}
			i = j
			if i+1 < len(s) && (s[i] == '.' || s[i] == '_') {
				i++
				continue
			}
			break
		}
	}
	return i == len(s)
}

// Longer labels first, so "preview" is not read as "pre".
var (
	preLabels  = []string{"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"}
	postLabels = []string{"post", "rev", "r"}
	devLabels  = []string{"dev"}
)

// versionSuffix consumes, at i, an optional separator, one of labels and
// an optional (separated) number, and returns the new index; it returns i
// when no label is there.
func versionSuffix(s string, i int, labels []string) int {
	j := i
	if j < len(s) && (s[j] == '.' || s[j] == '_') {
		j++
	}
	for _, l := range labels {
		if len(s)-j >= len(l) && strings.EqualFold(s[j:j+len(l)], l) {
			j += len(l)
			k := j
			if k < len(s) && (s[k] == '.' || s[k] == '_') {
				k++
			}
			if d := leadingDigits(s, k); d > k {
				return d
			}
			return j
		}
	}
	return i
}
