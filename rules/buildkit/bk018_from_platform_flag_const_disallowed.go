package buildkit

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk018_from_platform_flag_const_disallowed.md
var bk018Doc string

// BK018 is BuildKit's FromPlatformFlagConstDisallowed check.
var BK018 = &lint.Rule{
	Code: "BK018", Name: "FromPlatformFlagConstDisallowed", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("from-platform-flag-const-disallowed"),
	Doc:            bk018Doc,
	Requires:       requiresDispatch,
	Run:            runBK018,
}

func runBK018(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	r := newReporter(pass, f)
	for x := range dispatchOf(pass).froms() {
		st := x.stage
		fl := st.From.Flag("platform")
		if st.Typed.Platform == "" || fl == nil {
			continue
		}
		p := x.platform
		if x.platformErr != nil || len(p.Matched) > 0 || len(p.Unmatched) > 0 {
			continue // a variable is involved: not a constant
		}
		platOS, platArch, ok := parsePlatform(p.Result)
		if !ok {
			continue
		}
		if strings.Contains(st.Name, platOS) || (platArch != "" && strings.Contains(st.Name, platArch)) {
			continue
		}
		r.report(st.From, firstLineSpan(f, st.From, fl.ValueSpan), linter.RuleFromPlatformFlagConstDisallowed.Format(p.Result))
	}
	return nil, nil
}

var (
	platformOSPart = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$`)
	})
	platformOtherPart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_.-]+$`) })
)

// parsePlatform reads a platform specifier (`os[/arch[/variant]]`, or a
// lone OS or architecture) with containerd's syntax and normalisation, and
// returns the OS and architecture. A lone architecture is taken to be for
// linux; a lone OS gets arch "" (the builder's, unknown here).
func parsePlatform(spec string) (osName, arch string, ok bool) {
	if strings.Contains(spec, "*") {
		return "", "", false
	}
	parts := strings.SplitN(spec, "/", 4)
	for i, p := range parts {
		re := platformOtherPart
		if i == 0 {
			re = platformOSPart
		}
		if !re().MatchString(p) {
			return "", "", false
		}
	}
	osName = strings.ToLower(platformOSPart().FindStringSubmatch(parts[0])[1])
	if osName == "macos" {
		osName = "darwin"
	}
	switch len(parts) {
	case 1:
		if knownOS(osName) {
			return osName, "", true
		}
		a := normalizeArch(parts[0])
		if knownArch(a) {
			return "linux", a, true
		}
		return "", "", false
	case 2, 3:
		return osName, normalizeArch(parts[1]), true
	}
	return "", "", false
}

func normalizeArch(arch string) string {
	arch = strings.ToLower(arch)
	switch arch {
	case "i386":
		return "386"
	case "x86_64", "x86-64":
		return "amd64"
	case "aarch64":
		return "arm64"
	case "armhf", "armel":
		return "arm"
	}
	return arch
}

// knownOS and knownArch test against Go's GOOS and GOARCH lists, which
// containerd uses to tell a lone OS from a lone architecture.
func knownOS(name string) bool {
	switch name {
	case "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos":
		return true
	}
	return false
}

func knownArch(name string) bool {
	switch name {
	case "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le",
		"loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv",
		"riscv64", "s390", "s390x", "sparc", "sparc64", "wasm":
		return true
	}
	return false
}
