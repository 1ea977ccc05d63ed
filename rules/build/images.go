package build

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The base-image table: one row per image family, each naming the
// repositories it covers and how to read their tags. Facts not written in
// a tag come from the image's own build files and the distribution's
// packages, cited next to each table; a tag the row cannot read yields
// nothing rather than a guess.

// family is one row of the table.
type family struct {
	name string
	// repos are the repositories the row covers (Docker Hub names without
	// "library/" or full names, lower case); match, when set, covers more.
	repos []string
	match func(repo string) bool
	// read returns the facts of a tag, each Value sourced src, and false
	// when the tag has a shape the row does not know.
	read func(repo, tag, src string) (Env, bool)
}

// families is the table. It holds no closure made by a call, so the
// compiler lays it out: nothing of it runs at start-up.
var families = []family{
	{name: "official python", repos: []string{"python"}, read: readPython},
	{name: "astral uv", repos: []string{"ghcr.io/astral-sh/uv"}, read: readUV},
	{name: "debian", repos: []string{"debian"}, read: readDebian},
	{name: "ubuntu", repos: []string{"ubuntu"}, read: readUbuntu},
	{name: "alpine", repos: []string{"alpine"}, read: readAlpine},
	{name: "busybox", repos: []string{"busybox"}, read: readBusybox},
	{name: "nvidia cuda", repos: []string{"nvidia/cuda", "nvcr.io/nvidia/cuda"}, read: readCUDA},
	{name: "pytorch", repos: []string{"pytorch/pytorch"}, read: readPyTorch},
	{name: "distroless", match: func(repo string) bool { return strings.HasPrefix(repo, "gcr.io/distroless/") }, read: readDistroless},
	{name: "red hat ubi python", match: func(repo string) bool { return ubiPython().MatchString(repo) }, read: readUBIPython},
}

// covers reports whether the row covers a repository.
func (f *family) covers(repo string) bool {
	return slices.Contains(f.repos, repo) || f.match != nil && f.match(repo)
}

// hubPrefixes are the registry prefixes under which Docker Hub images are
// served or mirrored; ECR Public mirrors only the official "library" images.
var hubPrefixes = []string{
	"docker.io/", "index.docker.io/", "registry-1.docker.io/", "registry.hub.docker.com/",
	"mirror.gcr.io/", "public.ecr.aws/docker/",
}

// hubName strips the registry prefixes that name Docker Hub itself or a
// mirror of it, and "library/": "public.ecr.aws/docker/library/python"
// becomes "python".
func hubName(repo string) string {
	for _, p := range hubPrefixes {
		if rest, ok := strings.CutPrefix(repo, p); ok {
			if p == "public.ecr.aws/docker/" && !strings.HasPrefix(rest, "library/") {
				return repo
			}
			repo = rest
			break
		}
	}
	return strings.TrimPrefix(repo, "library/")
}

// distro is what a Linux release fixes: its name and C library.
type distro struct {
	name, libc, libcVersion string
}

// distroRelease is one row of the distros table: a release name a tag can
// use, the version number that is its alias, and its facts.
type distroRelease struct {
	release, version string
	distro
}

// distros gives each release its glibc: Debian's from
// packages.debian.org/<release>/libc6, Ubuntu's from
// packages.ubuntu.com/<release>/libc6, RHEL's (UBI, Rocky, Oracle, CentOS
// share it per major release) from the release notes. The python images'
// Debian releases are those of github.com/docker-library/python. A slice,
// not a map: it is laid out by the compiler rather than built at start-up.
var distros = []distroRelease{
	{"jessie", "8", distro{"debian 8 (jessie)", "glibc", "2.19"}},
	{"stretch", "9", distro{"debian 9 (stretch)", "glibc", "2.24"}},
	{"buster", "10", distro{"debian 10 (buster)", "glibc", "2.28"}},
	{"bullseye", "11", distro{"debian 11 (bullseye)", "glibc", "2.31"}},
	{"bookworm", "12", distro{"debian 12 (bookworm)", "glibc", "2.36"}},
	{"trixie", "13", distro{"debian 13 (trixie)", "glibc", "2.41"}},

	{"bionic", "18.04", distro{"ubuntu 18.04 (bionic)", "glibc", "2.27"}},
	{"focal", "20.04", distro{"ubuntu 20.04 (focal)", "glibc", "2.31"}},
	{"jammy", "22.04", distro{"ubuntu 22.04 (jammy)", "glibc", "2.35"}},
	{"noble", "24.04", distro{"ubuntu 24.04 (noble)", "glibc", "2.39"}},
	{"oracular", "24.10", distro{"ubuntu 24.10 (oracular)", "glibc", "2.40"}},
	{"plucky", "25.04", distro{"ubuntu 25.04 (plucky)", "glibc", "2.41"}},

	{"centos7", "", distro{"centos 7", "glibc", "2.17"}},
	{"ubi8", "", distro{"ubi 8", "glibc", "2.28"}},
	{"ubi9", "", distro{"ubi 9", "glibc", "2.34"}},
	{"rockylinux8", "", distro{"rocky linux 8", "glibc", "2.28"}},
	{"rockylinux9", "", distro{"rocky linux 9", "glibc", "2.34"}},
	{"oraclelinux8", "", distro{"oracle linux 8", "glibc", "2.28"}},
	{"oraclelinux9", "", distro{"oracle linux 9", "glibc", "2.34"}},
}

// lookupDistro finds a release in the distros table.
func lookupDistro(release string) (distro, bool) {
	for _, r := range distros {
		if r.release == release {
			return r.distro, true
		}
	}
	return distro{}, false
}

// releaseAlias is the release name of a version number ("12" is bookworm).
func releaseAlias(version string) (string, bool) {
	for _, r := range distros {
		if r.version == version && version != "" {
			return r.release, true
		}
	}
	return "", false
}

// muslVersion is the musl series of every Alpine release since 3.13
// (musl 1.2.x, pkgs.alpinelinux.org/packages?name=musl); musllinux wheel
// tags name only the series.
const muslVersion = "1.2"

// fill sets the distribution facts of env from d.
func (e *Env) fill(d distro, src string) {
	e.OS = Value{"linux", src}
	e.Distro = Value{d.name, src}
	e.Libc = Value{d.libc, src}
	e.LibcVersion = Value{d.libcVersion, src}
}

// fillAlpine sets the facts of an Alpine release; version may be "".
func (e *Env) fillAlpine(version, src string) {
	name := "alpine"
	if version != "" {
		name += " " + version
	}
	e.fill(distro{name, "musl", muslVersion}, src)
}

// The image-tag patterns here compile on first use, not at start-up: an
// editor's on-save lint pays for the ones its Dockerfile needs only.
var alpineVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^alpine(\d+\.\d+)?$`) })

// readDistroSuffix reads the distribution words of a tag: "bookworm",
// "slim-bookworm", "bookworm-slim", "alpine", "alpine3.20". Empty or
// "slim" gives def.
func readDistroSuffix(e *Env, suffix, def, src string) bool {
	words := strings.Split(suffix, "-")
	kept := words[:0]
	for _, w := range words {
		if w != "slim" && w != "" {
			kept = append(kept, w)
		}
	}
	switch {
	case len(kept) == 0:
		if def == "" {
			return false
		}
		d, _ := lookupDistro(def)
		e.fill(d, src)
		return true
	case len(kept) > 1:
		return false
	}
	if m := alpineVersion().FindStringSubmatch(kept[0]); m != nil {
		e.fillAlpine(m[1], src)
		return true
	}
	d, ok := lookupDistro(kept[0])
	if !ok || !strings.HasPrefix(d.name, "debian") {
		return false
	}
	e.fill(d, src)
	return true
}

// pythonTag is a python image tag read as its version and variant:
// "3.12.7-slim" is {"3", "12", ".7", "", "slim"}, "3.13t" {"3", "13", "",
// "t", ""}.
type pythonTag struct {
	major, minor, patch, freeThreaded, variant string
}

// readPythonTag reads the version part of a python tag: "3", "3.12",
// "3.12.7", "3.14.0rc2", "3.14-rc", and "t" for a free-threaded build,
// then "-" and the variant. It reads what the expression
// ^(\d+)(?:\.(\d+)(\.\d+)?)?(?:(?:a|b|rc)\d+)?(t)?(?:-rc)?(?:-(.+))?$
// does (TestReadPythonTagMatchesExpression), without compiling one on
// every run that names a python image.
func readPythonTag(tag string) (pythonTag, bool) {
	var t pythonTag
	i := digitsEnd(tag, 0)
	if i == 0 {
		return pythonTag{}, false
	}
	t.major = tag[:i]
	if i < len(tag) && tag[i] == '.' {
		j := digitsEnd(tag, i+1)
		if j == i+1 {
			return pythonTag{}, false
		}
		t.minor, i = tag[i+1:j], j
		if i < len(tag) && tag[i] == '.' {
			j := digitsEnd(tag, i+1)
			if j == i+1 {
				return pythonTag{}, false
			}
			t.patch, i = tag[i:j], j
		}
	}
	// A pre-release: a1, b2, rc3.
	switch {
	case strings.HasPrefix(tag[i:], "a") || strings.HasPrefix(tag[i:], "b"):
		if j := digitsEnd(tag, i+1); j > i+1 {
			i = j
		}
	case strings.HasPrefix(tag[i:], "rc"):
		if j := digitsEnd(tag, i+2); j > i+2 {
			i = j
		}
	}
	if i < len(tag) && tag[i] == 't' {
		t.freeThreaded, i = "t", i+1
	}
	// Then -rc, the variant, both or neither; "-rc" alone is not a
	// variant, "-rcfoo" is.
	rest := tag[i:]
	if after, ok := strings.CutPrefix(rest, "-rc"); ok {
		if v, ok := tagVariant(after); ok {
			t.variant = v
			return t, true
		}
	}
	v, ok := tagVariant(rest)
	if !ok {
		return pythonTag{}, false
	}
	t.variant = v
	return t, true
}

// tagVariant reads what ends a tag: nothing, or "-" and a variant of one
// line.
func tagVariant(rest string) (string, bool) {
	if rest == "" {
		return "", true
	}
	if len(rest) > 1 && rest[0] == '-' && !strings.Contains(rest[1:], "\n") {
		return rest[1:], true
	}
	return "", false
}

// digitsEnd is the end of the run of ASCII digits at s[i:].
func digitsEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// readPython reads the tags of the official python image
// (hub.docker.com/_/python): an optional version, then the variant. The
// unsuffixed and -slim tags of maintained versions are built on Debian 13
// trixie since August 2025; see debianOfPython for older versions. Floating
// tags (latest, 3, slim, alpine) name no minor version: the Python is left
// unknown.
func readPython(_, tag, src string) (Env, bool) {
	e := Env{Implementation: Value{"cpython", src}}
	variant, def := tag, "trixie"
	if tag == "latest" {
		variant = ""
	}
	if t, ok := readPythonTag(tag); ok {
		variant = t.variant
		if t.minor != "" {
			e.Python = Value{t.major + "." + t.minor + t.patch + t.freeThreaded, src}
			major, _ := strconv.Atoi(t.major)
			minor, _ := strconv.Atoi(t.minor)
			def = debianOfPython(major, minor)
		}
	}
	if base, rest, ok := strings.Cut(variant, "-"); base == "windowsservercore" || base == "nanoserver" {
		name := "windows " + strings.TrimPrefix(base, "windows")
		if ok {
			name += " " + rest
		}
		e.OS, e.Arch = Value{"windows", src}, Value{"amd64", src}
		e.Distro = Value{name, src}
		e.Libc, e.LibcVersion = Value{"", src}, Value{"", src}
		return e, true
	}
	return e, readDistroSuffix(&e, variant, def, src)
}

// debianOfPython is the Debian release of the unsuffixed tags of a Python
// minor version as last published: end-of-life versions stopped moving when
// their last image was built (3.6 in bullseye's time, 3.7 and 3.8 in
// bookworm's). The 3.7 row is the least certain.
func debianOfPython(major, minor int) string {
	switch {
	case major < 3 || minor <= 5:
		return "buster"
	case minor == 6:
		return "bullseye"
	case minor <= 8:
		return "bookworm"
	}
	return "trixie"
}

var (
	uvPythonTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:\d+\.\d+(?:\.\d+)?-)?python(\d+\.\d+)(t)?-(.+)$`)
	})
	uvDistroTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:\d+\.\d+(?:\.\d+)?-)?([a-z]+[0-9.]*(?:-slim)?)$`)
	})
	uvScratch = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:latest|\d+\.\d+(?:\.\d+)?)$`) })
)

// readUV reads the tags of ghcr.io/astral-sh/uv (docs.astral.sh/uv/guides/
// integration/docker): "pythonX.Y-<distro>" images are built on the
// official python image of that variant; the plain distro images
// (debian-slim, bookworm, alpine3.20) carry no Python; "latest" and bare
// versions are scratch images with the uv binary alone. Which Debian
// release "debian" names has changed over time, so it gives no glibc.
func readUV(_, tag, src string) (Env, bool) {
	if uvScratch().MatchString(tag) {
		e := Env{OS: Value{"linux", src}, Distro: Value{"scratch", src}}
		e.Libc, e.LibcVersion = Value{"", src}, Value{"", src}
		return e, true
	}
	if m := uvPythonTag().FindStringSubmatch(tag); m != nil {
		e := Env{Implementation: Value{"cpython", src}, Python: Value{m[1] + m[2], src}}
		return e, readDistroSuffix(&e, m[3], "", src)
	}
	m := uvDistroTag().FindStringSubmatch(tag)
	if m == nil {
		return Env{}, false
	}
	if d := strings.TrimSuffix(m[1], "-slim"); d == "debian" {
		return Env{OS: Value{"linux", src}, Distro: Value{"debian", src}, Libc: Value{"glibc", src}}, true
	}
	var e Env
	return e, readDistroSuffix(&e, m[1], "", src)
}

var debianTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([a-z]+|\d+)(?:\.\d+)?(?:-\d{8})?(?:-slim)?$`) })

// readDebian reads the tags of the debian image (hub.docker.com/_/debian):
// "bookworm", "12", "12.8", "bookworm-20241202-slim". "latest" and "stable"
// are Debian 13 trixie, stable since 2025-08-09; testing and sid are
// Debian but of no fixed glibc. The image has no Python.
func readDebian(_, tag, src string) (Env, bool) {
	release, ok := tagRelease(debianTag(), tag)
	if !ok {
		return Env{}, false
	}
	switch release {
	case "latest", "stable", "stable-slim":
		release = "trixie"
	case "oldstable":
		release = "bookworm"
	case "testing", "sid", "unstable", "experimental", "rc-buggy":
		return movingRelease("debian "+release, src), true
	}
	return knownRelease(release, "debian", src)
}

// tagRelease is the release a distribution image's tag names (its first
// group), a code name alias resolved.
func tagRelease(re *regexp.Regexp, tag string) (string, bool) {
	m := re.FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	if r, ok := releaseAlias(m[1]); ok {
		return r, true
	}
	return m[1], true
}

// movingRelease is a tag that follows the distribution's releases: Linux
// and glibc, but no fixed release or glibc version.
func movingRelease(distro, src string) Env {
	return Env{OS: Value{"linux", src}, Distro: Value{distro, src}, Libc: Value{"glibc", src}}
}

// knownRelease is the environment of a release in the distros table, of the
// named distribution.
func knownRelease(release, distro, src string) (Env, bool) {
	d, ok := lookupDistro(release)
	if !ok || !strings.HasPrefix(d.name, distro) {
		return Env{}, false
	}
	var e Env
	e.fill(d, src)
	return e, true
}

var ubuntuTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([a-z]+|\d+\.\d+)(?:\.\d+)?(?:-\d{8}(?:\.\d+)?)?$`) })

// readUbuntu reads the tags of the ubuntu image (hub.docker.com/_/ubuntu):
// "22.04", "jammy", "jammy-20240808". "latest", "rolling" and "devel"
// move with each release, so they give Ubuntu of no fixed glibc. The
// image has no Python.
func readUbuntu(_, tag, src string) (Env, bool) {
	release, ok := tagRelease(ubuntuTag(), tag)
	if !ok {
		return Env{}, false
	}
	switch release {
	case "latest", "rolling", "devel":
		return movingRelease("ubuntu", src), true
	}
	return knownRelease(release, "ubuntu", src)
}

var alpineTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:(\d+\.\d+)(?:\.\d+)?|latest|edge)$`) })

// readAlpine reads the tags of the alpine image (hub.docker.com/_/alpine).
// The image has no Python.
func readAlpine(_, tag, src string) (Env, bool) {
	m := alpineTag().FindStringSubmatch(tag)
	if m == nil {
		return Env{}, false
	}
	var e Env
	e.fillAlpine(m[1], src)
	return e, true
}

var busyboxTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:latest|stable|unstable|\d+(?:\.\d+){0,2})?(?:-?(glibc|musl|uclibc))?$`)
})

// readBusybox reads the tags of the busybox image (hub.docker.com/_/busybox):
// "1.36", "1.36.1-musl", "musl", "latest". The suffix names the C library
// the binary was built against; an unsuffixed tag's variant has changed
// over time, so it gives none. The image has no Python, and its shell is
// BusyBox's ash.
func readBusybox(_, tag, src string) (Env, bool) {
	m := busyboxTag().FindStringSubmatch(tag)
	if m == nil || tag == "" {
		return Env{}, false
	}
	e := Env{OS: Value{"linux", src}, Distro: Value{"busybox", src}}
	if m[1] != "" {
		e.Libc = Value{m[1], src}
	}
	return e, true
}

var cudaTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d+\.\d+(?:\.\d+)?)-(?:cudnn(\d*)-)?(?:base|runtime|devel)-([a-z]+\d+(?:\.\d+)?)$`)
})

// readCUDA reads the tags of nvidia/cuda (hub.docker.com/r/nvidia/cuda):
// "<cuda>-[cudnn[N]-]<base|runtime|devel>-<os><release>". Tags that say
// "cudnn" without a number (CUDA 12.4 and later) carry cuDNN 9, per the
// image's release notes at gitlab.com/nvidia/container-images/cuda. The
// image has no Python.
func readCUDA(_, tag, src string) (Env, bool) {
	m := cudaTag().FindStringSubmatch(tag)
	if m == nil {
		return Env{}, false
	}
	release := m[3]
	if r, ok := releaseAlias(strings.TrimPrefix(release, "ubuntu")); ok && strings.HasPrefix(release, "ubuntu") {
		release = r
	}
	d, ok := lookupDistro(release)
	if !ok {
		return Env{}, false
	}
	var e Env
	e.fill(d, src)
	e.CUDA = Value{m[1], src}
	if strings.Contains(tag, "-cudnn") {
		cudnn := m[2]
		if cudnn == "" {
			cudnn = "9"
		}
		e.CuDNN = Value{cudnn, src}
	}
	return e, true
}

var pytorchTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^((\d+\.\d+)(?:\.\d+)?)-cuda(\d+\.\d+)-cudnn(\d+)-(?:runtime|devel)$`)
})

// pytorchPython is the conda Python of the pytorch/pytorch images by torch
// minor version: PYTHON_VERSION in the docker.Makefile and Dockerfile of
// github.com/pytorch/pytorch when the release was cut (3.10 for 2.0–2.2,
// 3.11 from 2.4). Releases not listed (2.3, 2.8 and later) are unknown.
func pytorchPython(torch string) (string, bool) {
	switch torch {
	case "2.0", "2.1", "2.2":
		return "3.10", true
	case "2.4", "2.5", "2.6", "2.7":
		return "3.11", true
	}
	return "", false
}

// readPyTorch reads the tags of pytorch/pytorch
// (hub.docker.com/r/pytorch/pytorch): "<torch>-cuda<X.Y>-cudnn<N>-<runtime|
// devel>". From torch 2.2 the runtime images build on ubuntu:22.04 and the
// devel ones on nvidia/cuda:…-ubuntu22.04; earlier ones are of no known
// release.
func readPyTorch(_, tag, src string) (Env, bool) {
	m := pytorchTag().FindStringSubmatch(tag)
	if m == nil {
		return Env{}, false
	}
	e := Env{Implementation: Value{"cpython", src}, OS: Value{"linux", src}, Libc: Value{"glibc", src}}
	if major, minor, ok := MinorOf(m[2]); ok && (major > 2 || major == 2 && minor >= 2) {
		jammy, _ := lookupDistro("jammy")
		e.fill(jammy, src)
	}
	if py, ok := pytorchPython(m[2]); ok {
		e.Python = Value{py, src}
	}
	e.Torch = Value{m[1], src}
	e.CUDA = Value{m[3], src}
	e.CuDNN = Value{m[4], src}
	return e, true
}

var distrolessName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^gcr\.io/distroless/(python3|base|base-nossl|cc|static)-debian(\d+)$`)
})

// distrolessPython is the python3 of each Debian release the
// python3-debianN images are built from (packages.debian.org/<release>/
// python3): 3.9 in 11, 3.11 in 12, 3.13 in 13.
func distrolessPython(debian string) (string, bool) {
	switch debian {
	case "11":
		return "3.9", true
	case "12":
		return "3.11", true
	case "13":
		return "3.13", true
	}
	return "", false
}

// readDistroless reads gcr.io/distroless images
// (github.com/GoogleContainerTools/distroless): every tag (latest,
// nonroot, debug, debug-nonroot) has the same content. The static image
// has no C library.
func readDistroless(repo, _, src string) (Env, bool) {
	m := distrolessName().FindStringSubmatch(repo)
	if m == nil {
		return Env{}, false
	}
	release, _ := releaseAlias(m[2])
	d, ok := lookupDistro(release)
	if !ok {
		return Env{}, false
	}
	var e Env
	e.fill(d, src)
	switch m[1] {
	case "python3":
		py, ok := distrolessPython(m[2])
		if !ok {
			return Env{}, false
		}
		e.Implementation, e.Python = Value{"cpython", src}, Value{py, src}
	case "static":
		e.Libc, e.LibcVersion = Value{"", src}, Value{"", src}
	}
	return e, true
}

var ubiPython = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^registry\.(?:access\.)?redhat\.(?:com|io)/(ubi\d+)/python-(\d)(\d+)$`)
})

// readUBIPython reads Red Hat's Python images
// (catalog.redhat.com, "ubi9/python-311"): the repository names the UBI
// release and the Python; every tag has them.
func readUBIPython(repo, _, src string) (Env, bool) {
	m := ubiPython().FindStringSubmatch(repo)
	if m == nil {
		return Env{}, false
	}
	d, ok := lookupDistro(m[1])
	if !ok {
		return Env{}, false
	}
	var e Env
	e.fill(d, src)
	e.Implementation, e.Python = Value{"cpython", src}, Value{m[2] + "." + m[3], src}
	return e, true
}

// LookupEnv returns what the table knows of an image reference, every
// value sourced "FROM <ref>", and false when no row knows the reference.
// A reference by digest alone names no tag and is unknown.
func LookupEnv(ref string) (Env, bool) {
	repo, tag := splitRef(ref)
	if tag == "" {
		return Env{}, false
	}
	repo = hubName(repo)
	for i := range families {
		if f := &families[i]; f.covers(repo) {
			if e, ok := f.read(repo, tag, "FROM "+ref); ok {
				return e, true
			}
			return Env{}, false
		}
	}
	return Env{}, false
}

// DefaultUser is the user an image of the table runs as when no USER
// instruction follows its FROM: "root" for the official python, uv,
// debian, ubuntu, alpine, CUDA and PyTorch images; distroless's nonroot
// tags run as 65532 and Red Hat's Python images as 1001. It is false for
// an image the table does not know.
func DefaultUser(ref string) (string, bool) {
	if _, ok := LookupEnv(ref); !ok {
		return "", false
	}
	repo, tag := splitRef(ref)
	repo = hubName(repo)
	switch {
	case strings.HasPrefix(repo, "gcr.io/distroless/"):
		if strings.Contains(tag, "nonroot") {
			return "65532", true
		}
	case ubiPython().MatchString(repo):
		return "1001", true
	}
	return "root", true
}
