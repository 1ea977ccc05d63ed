package uv

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

func TestUVImage(t *testing.T) {
	tests := []struct {
		ref  string
		want string // "" when the reference pins no uv
	}{
		{"ghcr.io/astral-sh/uv:0.5.11", "0.5.11"},
		{"ghcr.io/astral-sh/uv:0.5.11-python3.12-bookworm-slim", "0.5.11"},
		{"ghcr.io/astral-sh/uv:0.5", "0.5"},
		{"ghcr.io/astral-sh/uv:0.5-alpine", "0.5"},
		{"GHCR.io/Astral-sh/UV:0.8.4", "0.8.4"},
		{"ghcr.io/astral-sh/uv:0.8.4@sha256:abc", "0.8.4"},
		{"ghcr.io/astral-sh/uv:latest", ""},
		{"ghcr.io/astral-sh/uv:python3.12-bookworm", ""},
		{"ghcr.io/astral-sh/uv:debian-slim", ""},
		{"ghcr.io/astral-sh/uv", ""},
		{"ghcr.io/astral-sh/uv@sha256:abc", ""},
		{"ghcr.io/astral-sh/uv:", ""},
		{"ghcr.io/astral-sh/uv:0.5.11.2", ""},
		{"ghcr.io/astral-sh/uvx:0.5.11", ""},
		{"python:3.12", ""},
	}
	for _, tt := range tests {
		v, ok := uvImage(tt.ref)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tt.want {
			t.Errorf("uvImage(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestCommandPin(t *testing.T) {
	tests := []struct {
		kind dockerfile.Kind
		word string
		want string
	}{
		{dockerfile.PipInstall, "uv==0.5.11", "0.5.11"},
		{dockerfile.PipInstall, "UV == 0.6.0", "0.6.0"},
		{dockerfile.PipInstall, "uv==0.6.*", "0.6"},
		{dockerfile.UVPipInstall, "uv===0.7.2", "0.7.2"},
		{dockerfile.PipInstall, "uv>=0.5", ""},
		{dockerfile.PipInstall, "uv==0.5.11,!=0.5.12", ""},
		{dockerfile.PipInstall, "uv", ""},
		{dockerfile.PipInstall, "uvicorn==0.30.0", ""},
		{dockerfile.PipInstall, "uv==0.5", ""},
		{dockerfile.PipInstall, "uv==0.5.11rc1", ""},
		{dockerfile.RemoteScript, "https://astral.sh/uv/0.6.3/install.sh", "0.6.3"},
		{dockerfile.RemoteScript, "https://github.com/astral-sh/uv/releases/download/0.4.0/uv-installer.sh", "0.4.0"},
		{dockerfile.RemoteScript, "https://astral.sh/uv/install.sh", ""},
		{dockerfile.AptGetInstall, "uv==0.5.11", ""},
	}
	for _, tt := range tests {
		v, ok := commandPin(tt.kind, tt.word)
		got := ""
		if ok {
			got = v.String()
		}
		if got != tt.want {
			t.Errorf("commandPin(%v, %q) = %q, want %q", tt.kind, tt.word, got, tt.want)
		}
	}
}

func TestUVReleaseBefore(t *testing.T) {
	r := func(s string) uvRelease {
		v, ok := parseUVRelease(s, len(s) < 5)
		if !ok {
			t.Fatalf("parseUVRelease(%q) failed", s)
		}
		return v
	}
	tests := []struct {
		v, w string
		want bool
	}{
		{"0.5.11", "0.6.0", true},
		{"0.6.0", "0.6.0", false},
		{"0.6.14", "0.6.15", true},
		{"0.8.4", "0.8.4", false},
		{"0.10.0", "0.8.4", false},
		{"0.5", "0.6.0", true},
		{"0.6", "0.6.15", false}, // the newest 0.6 release may be 0.6.15 or later
		{"0.6", "0.6.0", false},
		{"1.0", "0.11.33", false},
	}
	for _, tt := range tests {
		if got := r(tt.v).before(r(tt.w)); got != tt.want {
			t.Errorf("%s before %s = %v, want %v", tt.v, tt.w, got, tt.want)
		}
	}
}

func TestTooOld(t *testing.T) {
	const packages = "version = 1\n\n[[package]]\nname = \"a\"\n"
	const distributions = "version = 1\n\n[[distribution]]\nname = \"a\"\n"
	locked := lockUse{reads: true, locked: true}
	resolves := lockUse{reads: true, resolves: true}
	frozen := lockUse{reads: true}
	both := lockUse{reads: true, locked: true, resolves: true}
	project := func(meta bool) []*uvlock.Package {
		p := &uvlock.Package{Name: "app", Source: uvlock.Source{Kind: uvlock.Virtual}}
		if meta {
			p.Metadata = &uvlock.Metadata{}
		}
		return []*uvlock.Package{p}
	}
	const rev4 = "uv 0.11.32 predates uv.lock revision 4 (uv 0.11.33 and later) and finds no [package.metadata]: "
	tests := []struct {
		uv       string
		version  int
		revision int
		src      string
		pkgs     []*uvlock.Package
		use      lockUse
		want     string
	}{
		// Revisions 1 to 3 add what an older uv ignores.
		{"0.5.11", 1, 1, packages, project(false), resolves, ""},
		{"0.6.14", 1, 2, packages, project(false), resolves, ""},
		{"0.8.3", 1, 3, packages, project(false), locked, ""},
		{"0.11.32", 1, 4, packages, project(false), locked, rev4 + "--locked fails the build, reporting the lock out of date"},
		{"0.11.32", 1, 4, packages, project(false), resolves, rev4 + "it takes the lock for out of date and re-resolves it during the build, so the image may get other versions than the lock's"},
		{"0.11.32", 1, 4, packages, project(false), both, rev4 + "--locked fails the build, reporting the lock out of date, and without --locked or --frozen it re-resolves the lock during the build"},
		{"0.11.32", 1, 4, packages, project(false), frozen, ""},
		{"0.11.32", 1, 4, packages, project(false), lockUse{}, ""}, // the image never reads the lock
		{"0.11.32", 1, 4, packages, project(true), locked, ""},
		{"0.11.32", 1, 4, packages, nil, locked, ""},
		{"0.11.33", 1, 4, packages, project(false), locked, ""},
		{"0.1.0", 1, 5, packages, project(false), locked, ""}, // a revision newer than ballast knows
		{"0.2.34", 1, 0, packages, nil, frozen, "uv 0.2.34 predates uv.lock's [[package]] tables (uv 0.2.35 and later): it knows only the older [[distribution]] spelling and fails to read the lock"},
		{"0.2.34", 1, 0, packages, nil, lockUse{}, ""},
		{"0.2.34", 1, 0, distributions, nil, frozen, ""},
		{"0.2.35", 1, 0, packages, nil, frozen, ""},
		{"0.12.5", 2, 0, packages, nil, frozen, "uv 0.12.5 cannot read uv.lock's schema version 2 (uv releases up to 0.12.5 read version 1 only): the lock's uv commands fail with \"unsupported lockfile version\""},
		{"0.13.0", 2, 0, packages, nil, frozen, ""},
	}
	for _, tt := range tests {
		v, ok := parseUVRelease(tt.uv, false)
		if !ok {
			t.Fatalf("parseUVRelease(%q) failed", tt.uv)
		}
		lock := &uvlock.Lock{Version: tt.version, Revision: tt.revision, Packages: tt.pkgs}
		if got := tooOld(v, lock, []byte(tt.src), tt.use); got != tt.want {
			t.Errorf("tooOld(%s, v%d r%d, %+v):\n got %q\nwant %q", tt.uv, tt.version, tt.revision, tt.use, got, tt.want)
		}
	}
}

func TestLockUses(t *testing.T) {
	tests := []struct {
		src  string
		want lockUse
	}{
		{"FROM python:3.12\nRUN uv pip install --system -r requirements.txt\n", lockUse{}},
		{"FROM python:3.12\nRUN uv sync --frozen && uv run --no-sync app\n", lockUse{reads: true}},
		{"FROM python:3.12\nENV UV_FROZEN=1\nRUN uv export -o r.txt\n", lockUse{reads: true}},
		{"FROM python:3.12\nRUN UV_LOCKED=1 uv sync\n", lockUse{reads: true, locked: true}},
		{"FROM python:3.12\nRUN uv lock --check && uv sync\n", lockUse{reads: true, locked: true, resolves: true}},
		{"FROM python:3.12\nRUN uv run app\n", lockUse{reads: true, resolves: true}},
		// A later stage built on the first runs its uv.
		{"FROM python:3.12 AS a\nFROM a\nRUN uv sync --locked\n", lockUse{reads: true, locked: true}},
		// An unrelated stage does not.
		{"FROM python:3.12 AS a\nFROM python:3.12\nRUN uv sync --locked\n", lockUse{}},
	}
	for _, tt := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := lockUses(f, f.Stages[0]); got != tt.want {
			t.Errorf("lockUses(%q) = %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestVersionSpan(t *testing.T) {
	src := "COPY --from=ghcr.io/astral-sh/uv:10.5.1-0.5.1 /uv /bin/\n"
	f, err := dockerfile.Parse("Dockerfile", []byte("FROM scratch\n"+src))
	if err != nil {
		t.Fatal(err)
	}
	fl := f.Stages[0].Instructions[0].Flag("from")
	v := uvRelease{0, 5, 1}
	sp := versionSpan(f, fl.ValueSpan, v)
	if got := string(f.Src[sp.Start:sp.End]); got != "0.5.1" || sp.Start != fl.ValueSpan.Start+28 {
		t.Errorf("versionSpan = %q at %d, want \"0.5.1\" at %d", got, sp.Start, fl.ValueSpan.Start+28)
	}
	if sp := versionSpan(f, fl.ValueSpan, uvRelease{0, 9, 9}); sp != fl.ValueSpan {
		t.Errorf("versionSpan of an absent version = %v, want the whole value %v", sp, fl.ValueSpan)
	}
}

// FuzzUVImage checks that any image reference either pins no uv or pins a
// version that prints back to a tag the reader accepts as the same.
func FuzzUVImage(f *testing.F) {
	for _, s := range []string{"ghcr.io/astral-sh/uv:0.5.11", "ghcr.io/astral-sh/uv:0.5-alpine", "ghcr.io/astral-sh/uv:latest", "ghcr.io/astral-sh/uv:99999999999999999999.1.1", "x:1.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		v, ok := uvImage(ref)
		if !ok {
			return
		}
		again, ok := uvImage("ghcr.io/astral-sh/uv:" + v.String())
		if !ok || again != v {
			t.Errorf("%q read as %v, which reads back as %v (%v)", ref, v, again, ok)
		}
	})
}

// TestTooOldCorpus reads the uv pins of every Dockerfile of the shared
// corpus that goes with a lock, and judges them against that lock. None
// fires: text-generation-inference copies uv 0.5.31 and its server's lock
// is revision 1 (uv 0.6.0), but revision 1 adds only what an older uv may
// ignore, one stage runs uv pip install only, and the other syncs --frozen.
func TestTooOldCorpus(t *testing.T) {
	corpusDir := uvlocktest.Dir(t)
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	var got []string
	pins := 0
	for _, p := range files {
		name := strings.TrimSuffix(filepath.Base(p), ".Dockerfile")
		name = regexp.MustCompile(`__[0-9]+$`).ReplaceAllString(name, "")
		lockSrc, err := os.ReadFile(filepath.Join(corpusDir, name+".uv.lock"))
		if err != nil {
			continue
		}
		lock, err := uvlock.Parse(name+".uv.lock", lockSrc)
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := dockerfile.Parse(filepath.Base(p), src)
		if err != nil {
			t.Fatal(err)
		}
		for _, pin := range uvPins(f, dockerfile.ScopeOf(f)) {
			pins++
			if msg := tooOld(pin.version, lock, lockSrc, lockUses(f, pin.stage)); msg != "" {
				pos := f.Position(pin.span.Start)
				got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p), pos.Line, pos.Column, msg))
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// NeMo-RL (2), Megatron-LM, fastapi, fish-speech, TGI (2), paperless,
	// speaches pin uv; the rest install latest.
	if pins != 9 {
		t.Errorf("read %d uv pins in the corpus Dockerfiles, want 9", pins)
	}
}
