package wheel

import (
	"strconv"
	"strings"
)

// Platform is the operating system and machine wheels are chosen for.
type Platform struct {
	OS string // "linux", "darwin", "windows"
	// Arch is the Python machine name: "x86_64", "aarch64", "armv7l",
	// "i686", "ppc64le", "s390x", "riscv64", "arm64" (darwin). The Go and
	// Docker spellings "amd64" and "arm64" are accepted on every OS.
	Arch string
	Libc string // "glibc" (or "") or "musl"; linux only
	// LibcMajor and LibcMinor are the C library's version: glibc 2.36 is
	// 2, 36, musl 1.2 is 1, 2. Zero means unknown: no manylinux or
	// musllinux tag is then compatible, only linux_<arch>.
	LibcMajor, LibcMinor int
	// MacOSMajor and MacOSMinor are the darwin deployment target; zero
	// means 13.0, uv's default for --python-platform.
	MacOSMajor, MacOSMinor int
}

// Interpreter is the Python that installs the wheels.
type Interpreter struct {
	// Implementation is "cpython" (or ""). Other implementations get only
	// the pure tags (py3*-none-*): their own interpreter tags are not
	// generated.
	Implementation string
	Major, Minor   int
	FreeThreaded   bool // a free-threaded CPython build, "3.13t"
}

// Tags is the ordered list of tags an interpreter supports on a platform,
// most preferred first, with constant-time lookup. A Tags is read-only and
// safe for concurrent use.
type Tags struct {
	order []Tag
	rank  map[Tag]int
	plats map[string]bool // the platform tags of order, "any" included
}

// NewTags returns the tags in uv's priority order. It follows
// Tags::from_env and compatible_tags in uv's
// crates/uv-platform-tags/src/tags.rs (uv 0.12), which differs from
// packaging's cpython_tags in two places: cpXY-none-<plat> comes right
// after cpXY-abi3-<plat>, before the older abi3 tags, and py3-none comes
// right after pyXY-none rather than after py30-none. For CPython X.Y:
//
//  1. cpXY-cpXY-<plat> for every platform tag (cpXYt on free-threaded
//     builds, cpXYm before 3.8);
//  2. cpXY-abi3-<plat>, cpXY-none-<plat>, then cp(Y-1)…cp32-abi3-<plat>;
//     free-threaded builds have abi3t (PEP 803) in the place of abi3;
//  3. pyXY-none-<plat>, py3-none-<plat>, then py(Y-1)…py30-none-<plat>;
//  4. cpXY-none-any, pyXY-none-any, py3-none-any, py(Y-1)…py30-none-any.
//
// Platform tags go from most to least specific (see platformTags).
//
// Version numbers outside 0–99 (a Python minor, a libc or macOS version)
// are taken as bogus: such an interpreter supports no tag, such a platform
// only its unversioned tags.
func NewTags(in Interpreter, p Platform) *Tags {
	if !plausible(in.Major) || !plausible(in.Minor) {
		return &Tags{rank: map[Tag]int{}, plats: map[string]bool{}}
	}
	plats := platformTags(p)
	groups := 2*in.Minor + 5 // upper bound of the interpreter/ABI groups
	t := &Tags{order: make([]Tag, 0, groups*(len(plats)+1))}
	add := func(py, abi string, plats ...string) {
		for _, plat := range plats {
			t.order = append(t.order, Tag{py, abi, plat})
		}
	}
	major := strconv.Itoa(in.Major)
	minor := func(m int) string { return major + strconv.Itoa(m) }
	cpython := in.Implementation == "" || in.Implementation == "cpython"
	if cpython {
		cp := "cp" + minor(in.Minor)
		abi := cp
		switch {
		case in.FreeThreaded:
			abi += "t"
		case in.Major == 3 && in.Minor <= 7:
			abi += "m" // pymalloc builds, the only kind before 3.8
		}
		add(cp, abi, plats...)
		for m := in.Minor; m >= 2; m-- {
			stable := "abi3"
			if in.FreeThreaded {
				stable = "abi3t" // PEP 803; abi3 never loads on a free-threaded build
			}
			add("cp"+minor(m), stable, plats...)
			if m == in.Minor {
				add(cp, "none", plats...)
			}
		}
		if in.Minor < 2 {
			add(cp, "none", plats...)
		}
	}
	for m := in.Minor; m >= 0; m-- {
		add("py"+minor(m), "none", plats...)
		if m == in.Minor {
			add("py"+major, "none", plats...)
		}
	}
	if cpython {
		add("cp"+minor(in.Minor), "none", "any")
	}
	for m := in.Minor; m >= 0; m-- {
		add("py"+minor(m), "none", "any")
		if m == in.Minor {
			add("py"+major, "none", "any")
		}
	}
	t.rank = make(map[Tag]int, len(t.order))
	t.plats = make(map[string]bool, len(plats)+1)
	for i, tag := range t.order {
		if _, dup := t.rank[tag]; !dup {
			t.rank[tag] = i
		}
		t.plats[tag.Platform] = true
	}
	return t
}

func plausible(n int) bool { return n >= 0 && n <= 99 }

// All returns the tags, most preferred first. The slice must not be
// modified.
func (t *Tags) All() []Tag { return t.order }

// Priority returns the rank of tag: 0 for the most preferred tag, larger
// for less preferred ones; ok is false when the tag is not supported.
func (t *Tags) Priority(tag Tag) (rank int, ok bool) {
	rank, ok = t.rank[tag]
	return rank, ok
}

// Compatible returns the best (smallest) rank over the wheel's tags; ok is
// false when none of them is supported.
func (t *Tags) Compatible(f *Filename) (rank int, ok bool) {
	rank = -1
	for _, tag := range f.Tags {
		if r, found := t.rank[tag]; found && (rank < 0 || r < rank) {
			rank = r
		}
	}
	return rank, rank >= 0
}

// Best returns the index in names of the wheel uv would install, names
// being wheel file names (percent-encoded ones are decoded; names that do
// not parse are skipped); ok is false when no wheel is compatible. The
// most preferred tag wins; between wheels whose best tags are equal, the
// higher build tag wins (number, then suffix; any build tag beats none),
// and on a full tie the earlier name. This is find_best_wheel in uv's
// crates/uv-resolver/src/lock/mod.rs, which compares
// (TagPriority, Option<BuildTag>).
//
// Best does not allocate unless a name is percent-encoded.
func (t *Tags) Best(names []string) (index int, ok bool) {
	index = -1
	var best parts
	bestRank := 0
	for i, name := range names {
		if t.foreign(name) {
			continue
		}
		decoded, err := decode(name)
		if err != nil {
			continue
		}
		p, err := split(decoded)
		if err != nil {
			continue
		}
		rank, found := t.bestRank(&p)
		if !found {
			continue
		}
		if index < 0 || rank < bestRank || rank == bestRank && buildLess(&best, &p) {
			index, bestRank, best = i, rank, p
		}
	}
	return index, index >= 0
}

// foreign reports whether name cannot be a compatible wheel because no
// platform tag of its last field is one of t's: a lock lists the wheels of
// every platform, and most are told apart here without parsing the name.
// A name that split would not take is skipped by Best all the same; a
// percent-encoded one is left to the full parse.
func (t *Tags) foreign(name string) bool {
	if strings.IndexByte(name, '%') >= 0 {
		return false
	}
	stem, ok := strings.CutSuffix(name, ".whl")
	if !ok {
		return true
	}
	plats := stem[strings.LastIndexByte(stem, '-')+1:]
	for plats != "" {
		var plat string
		plat, plats, _ = strings.Cut(plats, ".")
		if t.plats[plat] {
			return false
		}
	}
	return true
}

// Picker is Best for the wheels of many packages on one target. It
// remembers the rank of each python-abi-platform field it has seen, so
// that the wheels of a lock, most of them built for a few platforms, are
// each ranked by one lookup, and it parses only the names that may win.
// A Picker is not safe for concurrent use.
type Picker struct {
	t     *Tags
	ranks map[string]int // "cp312-cp312-manylinux_2_17_x86_64" to its best rank, or -1
}

// Picker returns a Picker for t.
func (t *Tags) Picker() *Picker { return &Picker{t: t, ranks: map[string]int{}} }

// Best is t.Best(names).
func (pk *Picker) Best(names []string) (index int, ok bool) {
	index = -1
	var best parts
	bestRank := 0
	for i, name := range names {
		rank, known := pk.rank(name)
		if known && (rank < 0 || index >= 0 && rank > bestRank) {
			continue
		}
		decoded, err := decode(name)
		if err != nil {
			continue
		}
		p, err := fields(decoded)
		if err != nil || p.checkHead() != nil {
			continue
		}
		if !known {
			if p.checkTags() != nil {
				continue
			}
			if rank, known = pk.t.bestRank(&p); !known {
				continue
			}
		}
		if index < 0 || rank < bestRank || rank == bestRank && buildLess(&best, &p) {
			index, bestRank, best = i, rank, p
		}
	}
	return index, index >= 0
}

// rank returns the best rank of the tags of name, or -1 when none is
// supported or name is not a wheel's with valid tags; known is false for
// a percent-encoded name, which only its decoding can tell. A rank of 0
// or more says nothing of the rest of the name, which Best checks then.
func (pk *Picker) rank(name string) (rank int, known bool) {
	if strings.IndexByte(name, '%') >= 0 {
		return 0, false
	}
	stem, ok := strings.CutSuffix(name, ".whl")
	if !ok {
		return -1, true
	}
	// The last three fields, python-abi-platform.
	start := len(stem)
	for range 3 {
		if start = strings.LastIndexByte(stem[:start], '-'); start < 0 {
			return -1, true
		}
	}
	field := stem[start+1:]
	if r, ok := pk.ranks[field]; ok {
		return r, true
	}
	var p parts
	p.python, p.abi, _ = strings.Cut(field, "-")
	p.abi, p.platform, _ = strings.Cut(p.abi, "-")
	r, found := pk.t.bestRank(&p)
	if !found || p.checkTags() != nil {
		r = -1
	}
	pk.ranks[field] = r
	return r, true
}

// bestRank is Compatible on the unexpanded tag sets of p.
func (t *Tags) bestRank(p *parts) (rank int, ok bool) {
	rank = -1
	for tag := range p.tags() {
		if r, found := t.rank[tag]; found && (rank < 0 || r < rank) {
			rank = r
		}
	}
	return rank, rank >= 0
}

// buildLess orders build tags as PEP 427 and uv do: no build tag first,
// then by number, then by suffix (none before any).
func buildLess(a, b *parts) bool {
	switch {
	case a.build == "" || b.build == "":
		return a.build == "" && b.build != ""
	case a.buildNumber != b.buildNumber:
		return a.buildNumber < b.buildNumber
	default:
		return a.buildSuffix < b.buildSuffix
	}
}

// BuildLess reports whether the build tag of a sorts before that of b.
func BuildLess(a, b *Filename) bool {
	return buildLess(&parts{build: a.Build, buildNumber: a.BuildNumber, buildSuffix: a.BuildSuffix},
		&parts{build: b.Build, buildNumber: b.BuildNumber, buildSuffix: b.BuildSuffix})
}

// platformTags lists the platform tags of p, most specific first, as uv's
// compatible_tags does; "any" is not included. An OS or machine uv does
// not know gives none.
func platformTags(p Platform) []string {
	arch := normalizeArch(p.OS, p.Arch)
	switch p.OS {
	case "linux":
		return linuxTags(p, arch)
	case "darwin":
		return macOSTags(p, arch)
	case "windows":
		switch arch {
		case "x86_64":
			return []string{"win_amd64"}
		case "aarch64", "arm64":
			return []string{"win_arm64"}
		case "i686":
			return []string{"win32"}
		}
	}
	return nil
}

func normalizeArch(os, arch string) string {
	switch arch {
	case "amd64", "x64":
		return "x86_64"
	case "arm64", "aarch64":
		if os == "darwin" {
			return "arm64"
		}
		return "aarch64"
	case "i386", "i586", "x86", "386":
		return "i686"
	case "arm", "armv8l": // Docker's linux/arm; 32-bit ARM on ARMv8 hardware runs armv7l code
		return "armv7l"
	}
	return arch
}

// minManylinuxMinor is the oldest glibc minor a manylinux tag exists for
// on arch (the first manylinux policy covering it); ok is false for
// machines manylinux does not cover.
func minManylinuxMinor(arch string) (minor int, ok bool) {
	switch arch {
	case "x86_64", "i686": // manylinux1
		return 5, true
	case "aarch64", "armv7l", "ppc64", "ppc64le", "s390x": // manylinux2014
		return 17, true
	case "riscv64":
		return 31, true
	case "loongarch64":
		return 36, true
	}
	return 0, false
}

// linuxTags: glibc gives manylinux_<major>_<minor> from the detected minor
// down to the machine's minimum, each legacy alias (manylinux2014 = 2_17,
// manylinux2010 = 2_12, manylinux1 = 2_5) right after its version; musl
// gives musllinux_<major>_<minor> down to minor 0. linux_<arch> is last.
// uv releases before mid-2026 (astral-sh/uv#19804) put linux_<arch> first
// and musllinux oldest first; this is the fixed order, packaging's.
func linuxTags(p Platform, arch string) []string {
	var tags []string
	major := strconv.Itoa(p.LibcMajor)
	switch {
	case p.LibcMajor == 0 || !plausible(p.LibcMajor) || !plausible(p.LibcMinor):
	case p.Libc == "musl":
		for minor := p.LibcMinor; minor >= 0; minor-- {
			tags = append(tags, "musllinux_"+major+"_"+strconv.Itoa(minor)+"_"+arch)
		}
	default:
		lowest, ok := minManylinuxMinor(arch)
		for minor := p.LibcMinor; ok && minor >= lowest; minor-- {
			tags = append(tags, "manylinux_"+major+"_"+strconv.Itoa(minor)+"_"+arch)
			if p.LibcMajor != 2 {
				continue
			}
			switch minor {
			case 17:
				tags = append(tags, "manylinux2014_"+arch)
			case 12:
				tags = append(tags, "manylinux2010_"+arch)
			case 5:
				tags = append(tags, "manylinux1_"+arch)
			}
		}
	}
	return append(tags, "linux_"+arch)
}

// macOSTags: from the deployment target down, each version with the binary
// formats that can run on arch. Since macOS 11 only the major version
// counts (X_0); universal2 wheels may also be tagged 10.4–10.16, when their
// x86_64 half supports that macOS.
func macOSTags(p Platform, arch string) []string {
	major, minor := p.MacOSMajor, p.MacOSMinor
	if major == 0 {
		major, minor = 13, 0
	}
	if !plausible(major) || !plausible(minor) {
		return nil
	}
	var formats []string
	switch arch {
	case "x86_64":
		formats = []string{"x86_64", "intel", "fat64", "fat32", "universal2", "universal"}
	case "arm64":
		formats = []string{"arm64", "universal2"}
	default:
		return nil
	}
	var tags []string
	add := func(maj, min int, formats []string) {
		for _, f := range formats {
			tags = append(tags, "macosx_"+strconv.Itoa(maj)+"_"+strconv.Itoa(min)+"_"+f)
		}
	}
	switch {
	case major == 10 && arch == "x86_64":
		for m := minor; m >= 4; m-- {
			add(10, m, formats)
		}
	case major >= 11 || arch == "arm64":
		for m := major; m >= 11; m-- {
			add(m, 0, formats)
		}
		if arch == "arm64" {
			formats = formats[1:] // only universal2 holds x86_64 code for old macOS
		}
		for m := 16; m >= 4; m-- {
			add(10, m, formats)
		}
	}
	return tags
}
