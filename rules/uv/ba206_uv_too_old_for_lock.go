package uv

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba206_uv_too_old_for_lock.md
var ba206Doc string

// BA206 flags a pinned uv older than the uv that wrote the lock's format.
var BA206 = &lint.Rule{
	Code:     "BA206",
	Name:     "uv-too-old-for-lock",
	Category: "uv",
	Severity: lint.Warning,
	Doc:      ba206Doc,
	Requires: []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, build.ScopeAnalyzer},
	Run:      runBA206,
}

// uvRelease is a uv version, major.minor.patch; patch is -1 for a tag that
// names a minor series ("0.5" is whichever 0.5 release is newest).
type uvRelease struct{ major, minor, patch int }

func (v uvRelease) String() string {
	if v.patch < 0 {
		return fmt.Sprintf("%d.%d", v.major, v.minor)
	}
	return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch)
}

// before reports whether every release v names is older than w.
func (v uvRelease) before(w uvRelease) bool {
	if v.major != w.major {
		return v.major < w.major
	}
	if v.minor != w.minor {
		return v.minor < w.minor
	}
	return v.patch >= 0 && v.patch < w.patch
}

// lockRevisions maps each lock revision to the first uv that writes it and
// what it changes. An older uv ignores the additions of revisions 1 to 3
// without installing anything else; revision 4 drops what it needs to
// judge the lock fresh.
var lockRevisions = map[int]struct {
	since   uvRelease
	changes string
}{
	1: {uvRelease{0, 6, 0}, "records provides-extras and empty dependency groups"},
	2: {uvRelease{0, 6, 15}, "records the upload time of each file"},
	3: {uvRelease{0, 8, 4}, "records per-package exclude-newer"},
	4: {metadataFree, "omits [package.metadata]"},
}

// metadataFree is the first uv that writes revision 4, the lock without
// [package.metadata].
var metadataFree = uvRelease{0, 11, 33}

var (
	// packageSpelling is the first uv that writes [[package]] rather than
	// [[distribution]].
	packageSpelling = uvRelease{0, 2, 35}
	// newestKnownUV is the newest uv whose lock format is known to ballast;
	// it still reads only schema version 1.
	newestKnownUV = uvRelease{0, 12, 5}
)

// lockUse is how the image's uv commands read the lock, as far as an old
// uv's misreading has consequences.
type lockUse struct {
	// reads is set when some command reads the lock at all (uv sync,
	// lock, export, run, add, remove, tree).
	reads bool
	// locked and resolves are set when some command runs with --locked
	// (a stale lock fails the build) or with neither --locked nor
	// --frozen (a stale lock is resolved again and rewritten).
	locked, resolves bool
}

func runBA206(pass *analysis.Pass) (any, error) {
	f, lock, unit := lint.DockerfileOf(pass), lint.LockOf(pass), lint.UnitOf(pass)
	if f == nil || lock == nil || unit.Lock == nil {
		return nil, nil
	}
	uses := map[*dockerfile.Stage]lockUse{}
	for _, pin := range uvPins(f, build.ScopeOf(pass)) {
		use, ok := uses[pin.stage]
		if !ok {
			use = lockUses(f, pin.stage)
			uses[pin.stage] = use
		}
		if msg := tooOld(pin.version, lock, unit.Lock.Src, use); msg != "" {
			lint.Reportf(pass, f, pin.span, "%s", msg)
		}
	}
	return nil, nil
}

// tooOld says what goes wrong when uv v runs lock (whose text is src) the
// way use says, or "" when nothing does: the image never reads the lock,
// or reads it as the newer uv would.
func tooOld(v uvRelease, lock *uvlock.Lock, src []byte, use lockUse) string {
	if !use.reads {
		return ""
	}
	switch {
	case lock.Version != 1:
		if newestKnownUV.before(v) {
			return ""
		}
		return fmt.Sprintf("uv %s cannot read uv.lock's schema version %d (uv releases up to %s read version 1 only): the lock's uv commands fail with \"unsupported lockfile version\"", v, lock.Version, newestKnownUV)
	case lock.Revision > len(lockRevisions):
		// A revision newer than ballast knows is BA208's.
		return ""
	case v.before(packageSpelling) && hasPackageTables(src):
		return fmt.Sprintf("uv %s predates uv.lock's [[package]] tables (uv %s and later): it knows only the older [[distribution]] spelling and fails to read the lock", v, packageSpelling)
	case lock.Revision == 4 && v.before(metadataFree) && lacksMetadata(lock):
		prefix := fmt.Sprintf("uv %s predates uv.lock revision 4 (uv %s and later) and finds no [package.metadata]", v, metadataFree)
		switch {
		case use.locked && use.resolves:
			return prefix + ": --locked fails the build, reporting the lock out of date, and without --locked or --frozen it re-resolves the lock during the build"
		case use.locked:
			return prefix + ": --locked fails the build, reporting the lock out of date"
		case use.resolves:
			return prefix + ": it takes the lock for out of date and re-resolves it during the build, so the image may get other versions than the lock's"
		}
	}
	return ""
}

// lacksMetadata reports whether a local package of the lock has no
// [package.metadata]: a lock with none has nothing an older uv compares.
func lacksMetadata(lock *uvlock.Lock) bool {
	for _, p := range lock.Packages {
		switch p.Source.Kind {
		case uvlock.Editable, uvlock.Directory, uvlock.Virtual:
			if p.Metadata == nil {
				return true
			}
		default:
		}
	}
	return false
}

// lockCommands are uv's subcommands that read uv.lock.
var lockCommands = []string{"sync", "lock", "export", "run", "add", "remove", "tree"}

// lockUses reads how the uv commands of the stages built on st (st
// included) read the lock.
func lockUses(f *dockerfile.File, st *dockerfile.Stage) lockUse {
	var use lockUse
	for _, other := range f.Stages {
		if !slices.Contains(f.StageChain(other), st) {
			continue
		}
		for _, in := range other.Instructions {
			if !in.Is("run") || !f.MayRunUV(in) {
				continue
			}
			frozenEnv := envSet(f, in, "UV_FROZEN")
			lockedEnv := envSet(f, in, "UV_LOCKED")
			for _, c := range in.Calls() {
				sub := c.Sub()
				if c.Name != "uv" || !slices.Contains(lockCommands, sub) {
					continue
				}
				var frozen, locked bool
				for _, w := range c.Words {
					switch w.Value {
					case "--frozen", "--no-sync":
						frozen = true
					case "--locked", "--check":
						locked = true
					}
				}
				prefix := string(f.Src[c.Span.Start:c.NameSpan.Start])
				frozen = frozen || frozenEnv || strings.Contains(prefix, "UV_FROZEN=")
				locked = locked || lockedEnv || strings.Contains(prefix, "UV_LOCKED=")
				if sub == "run" && frozen {
					// uv run --frozen or --no-sync does not judge the lock.
					continue
				}
				use.reads = true
				switch {
				case frozen:
				case locked:
					use.locked = true
				default:
					use.resolves = true
				}
			}
		}
	}
	return use
}

// envSet reports whether an ENV before in sets key to a true value.
func envSet(f *dockerfile.File, in *dockerfile.Instruction, key string) bool {
	v, ok := f.EnvBefore(in, key)
	return ok && v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// hasPackageTables reports whether the lock spells its entries
// [[package]]; the model reads both spellings alike.
func hasPackageTables(src []byte) bool {
	return bytes.HasPrefix(src, []byte("[[package]]")) || bytes.Contains(src, []byte("\n[[package]]"))
}

// uvPin is a uv version the Dockerfile pins, where, and in which stage.
type uvPin struct {
	version uvRelease
	span    dockerfile.Span
	stage   *dockerfile.Stage
}

// The patterns compile on first use: only a unit with a lock needs them.
var (
	uvImageTag     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?(?:-|$)`) })
	uvInstallerURL = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:astral\.sh/uv|github\.com/astral-sh/uv/releases/download)/(\d+)\.(\d+)\.(\d+)/`)
	})
)

// uvPins finds the pinned uv versions of the file in source order: uv
// images in FROM, COPY --from and RUN --mount=from=, pip installs of uv,
// and the versioned installer script. FROM lines expand in the file's
// global scope, the flags in the stage's ARGs, RUN's words in its ENV and
// ARGs.
func uvPins(f *dockerfile.File, scope *dockerfile.Scope) []uvPin {
	x := dockerfile.NewExpander(f)
	var pins []uvPin
	for _, st := range f.Stages {
		if from := st.From; from != nil && len(from.Args) > 0 {
			w := from.Args[0]
			if v, ok := uvImage(x.Expand(w.Value, scope.Global.Env)); ok {
				pins = append(pins, uvPin{v, versionSpan(f, w.Span, v), st})
			}
		}
		for _, in := range st.Instructions {
			for _, p := range instructionPins(f, scope, x, in) {
				p.stage = st
				pins = append(pins, p)
			}
		}
	}
	return pins
}

// instructionPins finds the uv pins of one instruction of a stage.
func instructionPins(f *dockerfile.File, scope *dockerfile.Scope, x *dockerfile.Expander, in *dockerfile.Instruction) []uvPin {
	var pins []uvPin
	switch {
	case in.Is("copy"):
		if fl := in.Flag("from"); fl != nil && fl.HasValue {
			if v, ok := uvImage(x.Expand(fl.Value, scope.ArgsAt(in))); ok {
				pins = append(pins, uvPin{version: v, span: versionSpan(f, fl.ValueSpan, v)})
			}
		}
	case in.Is("run"):
		for _, mf := range in.MountFlags() {
			if mf.Mount.From == "" {
				continue
			}
			if v, ok := uvImage(x.Expand(mf.Mount.From, scope.ArgsAt(in))); ok {
				pins = append(pins, uvPin{version: v, span: versionSpan(f, mf.Flag.ValueSpan, v)})
			}
		}
		if !f.MayRunUV(in) && !f.MayMention(in, "astral") {
			return pins
		}
		vars := scope.VarsAt(in)
		for _, c := range in.Commands() {
			for _, w := range c.Args {
				text := w.Value
				if !w.Literal {
					text = x.Expand(w.Value, vars)
				}
				if v, ok := commandPin(c.Kind, text); ok {
					pins = append(pins, uvPin{version: v, span: versionSpan(f, w.Span, v)})
				}
			}
		}
	}
	return pins
}

// commandPin reads the uv version of one operand of an installer command:
// uv==0.5.11 for pip, the installer URL for a remote script.
func commandPin(kind dockerfile.Kind, word string) (uvRelease, bool) {
	switch kind {
	case dockerfile.PipInstall, dockerfile.UVPipInstall:
		req, err := pep508.ParseRequirement(word)
		if err != nil || req.NormalizedName != "uv" || req.URL != "" {
			return uvRelease{}, false
		}
		spec, err := pep440.ParseSpecifiers(req.Specifier)
		if err != nil || len(spec) != 1 || spec[0].Op != "==" && spec[0].Op != "===" {
			return uvRelease{}, false
		}
		return parseUVRelease(spec[0].Version, spec[0].Wildcard)
	case dockerfile.RemoteScript:
		m := uvInstallerURL().FindStringSubmatch(word)
		if m == nil {
			return uvRelease{}, false
		}
		return parseUVRelease(m[1]+"."+m[2]+"."+m[3], false)
	default:
	}
	return uvRelease{}, false
}

// uvImage reads the uv version from a reference to uv's image, such as
// ghcr.io/astral-sh/uv:0.5.11-python3.12-bookworm.
func uvImage(ref string) (uvRelease, bool) {
	r := dockerfile.ParseImageRef(ref)
	if r.TagAt < 0 || strings.ToLower(r.Name) != "ghcr.io/astral-sh/uv" {
		return uvRelease{}, false
	}
	m := uvImageTag().FindStringSubmatch(r.Tag)
	if m == nil {
		return uvRelease{}, false
	}
	v := m[1] + "." + m[2]
	if m[3] != "" {
		v += "." + m[3]
	}
	return parseUVRelease(v, m[3] == "")
}

// parseUVRelease reads "0.5.11", or with series set "0.5" or "0.5.*" as
// the whole minor series.
func parseUVRelease(s string, series bool) (uvRelease, bool) {
	parts := strings.Split(strings.TrimSuffix(s, ".*"), ".")
	if len(parts) < 2 || len(parts) > 3 || series && len(parts) != 2 || !series && len(parts) != 3 {
		return uvRelease{}, false
	}
	var n [3]int
	n[2] = -1
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return uvRelease{}, false
		}
		n[i] = v
	}
	return uvRelease{n[0], n[1], n[2]}, true
}

// versionSpan narrows sp to the version text inside it when it is written
// there literally, else keeps the whole word (the version came from an
// ARG).
func versionSpan(f *dockerfile.File, sp dockerfile.Span, v uvRelease) dockerfile.Span {
	text := f.Src[sp.Start:sp.End]
	want := []byte(v.String())
	for i := bytes.Index(text, want); i >= 0; {
		end := i + len(want)
		// 0.5 must not match inside 10.5 or 0.55.
		if (i == 0 || !isDigitOrDot(text[i-1])) && (end == len(text) || !isDigitOrDot(text[end]) || text[end] == '.' && end+1 < len(text) && text[end+1] == '*') {
			return dockerfile.Span{Start: sp.Start + i, End: sp.Start + end}
		}
		next := bytes.Index(text[end:], want)
		if next < 0 {
			break
		}
		i = end + next
	}
	return sp
}

func isDigitOrDot(b byte) bool { return b >= '0' && b <= '9' || b == '.' }
