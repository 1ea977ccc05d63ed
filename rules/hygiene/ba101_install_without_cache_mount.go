package hygiene

import (
	_ "embed"
	"fmt"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba101_install_without_cache_mount.md
var ba101Doc string

// BA101 flags a uv or poetry install whose RUN has no cache mount where
// the tool caches and does not turn the cache off, and a pip install that
// turns its cache off where a cache mount would keep the downloads between
// builds (pip's cache left in the layer is DL3042's: one finding per
// problem), and an apt install without a mount at apt's cache in a
// Dockerfile that keeps other downloads in cache mounts.
var BA101 = &lint.Rule{
	Code:     "BA101",
	Name:     "install-without-cache-mount",
	Category: "hygiene",
	Severity: lint.Info,
	Fix:      lint.SafeFix,
	Doc:      ba101Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer, lint.ReporterAnalyzer, cacheCommandsAnalyzer},
	Run:      runBA101,
}

func runBA101(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	targets := pass.ResultOf[build.TargetAnalyzer].(*build.Targets)
	eachCacheCommand(pass, func(_ *df.Stage, cc cacheCommand) {
		u := cc.use
		if u.Tool == "apt" {
			if !u.Mounted && usesCacheMounts(f) {
				reportApt(pass, f, cc)
			}
			return
		}
		if u.Tool == "pip" {
			if u.Off && !u.Mounted {
				reportCacheOff(pass, f, targets, cc)
			}
			return
		}
		if !u.InCache() {
			return
		}
		fix, why := mountFix(f, cc)
		sp := commandHead(cc.cmd)
		var msg string
		if u.Stray != nil {
			if u.Stray.TargetSpan.End > 0 {
				sp = u.Stray.TargetSpan
			}
			where := "where " + u.Tool + " caches"
			if u.Dir != "" {
				where = fmt.Sprintf("%s (%s)", where, u.Dir)
			}
			msg = fmt.Sprintf("the cache mount at %s is not %s: %s never reads it and downloads every package again on each rebuild",
				u.Stray.Target, where, verb(cc.cmd))
		} else {
			msg = fmt.Sprintf("%s runs without a cache mount", verb(cc.cmd))
			if u.Dir != "" {
				msg += fmt.Sprintf(" at %s's cache (%s)", u.Tool, u.Dir)
			}
			msg += ": each rebuild of this layer downloads every package again"
		}
		if fix == nil && why != "" {
			msg += "; no fix: " + why
		}
		lint.Report(pass, f, sp, msg, fix)
	})
	return nil, nil
}

// reportCacheOff reports a pip install that turns its cache off, with the
// fix that swaps the setting for a cache mount.
func reportCacheOff(pass *analysis.Pass, f *df.File, targets *build.Targets, cc cacheCommand) {
	u := cc.use
	off := u.OffVar
	if len(u.OffFlags) > 0 {
		off = u.OffFlags[0].Name
	}
	msg := fmt.Sprintf("%s turns its cache off (%s): each rebuild of this layer downloads every package again", verb(cc.cmd), off)
	if u.Dir != "" {
		msg += fmt.Sprintf("; a cache mount at %s's cache (%s) keeps them between builds and out of the image", u.Tool, u.Dir)
	}
	fix, why := cacheOffFix(f, targets, cc)
	if fix == nil && why != "" {
		msg += "; no fix: " + why
	}
	lint.Report(pass, f, commandHead(cc.cmd), msg, fix)
}

// cacheOffFix adds a cache mount where pip caches and drops the flags that
// turn the cache off: with them pip would never read the mount, and
// without them its cache goes to the mount, not the layer. It is nil, with
// the reason, when a variable turns the cache off, the cache dir is not
// known, the RUN may run as another user (no USER in the Dockerfile and a
// base image the table does not know to run as root: pip would then write
// its cache into the layer), it removes the cache itself, or the frontend
// has no --mount.
func cacheOffFix(f *df.File, targets *build.Targets, cc cacheCommand) (*analysis.SuggestedFix, string) {
	u := cc.use
	switch {
	case u.OffVar != "":
		return nil, u.OffVar + " turns the cache off, so a mount would go unused"
	case u.Dir == "":
		return nil, u.Unknown
	case !u.Root:
		return nil, "the RUN runs as a non-root user, whose cache mount needs that user's uid"
	case !userKnown(f, targets, cc.in):
		return nil, "the base image may run as a user of its own, whose cache would then land in the layer"
	case u.Cleared:
		return nil, "the RUN removes the cache itself, and rm fails on a mount point"
	case !build.MountsSupported(f):
		return nil, "the syntax directive pins a Dockerfile frontend without RUN --mount"
	}
	at := build.MountInsert(cc.in)
	fix := lint.Insert(f, fmt.Sprintf("Mount %s's cache instead of turning it off", u.Tool), at, "--mount=type=cache,target="+u.Dir+" ")
	for _, fl := range u.OffFlags {
		start := fl.Span.Start
		for start > 0 && (f.Src[start-1] == ' ' || f.Src[start-1] == '\t') {
			start--
		}
		fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: f.Pos(start), End: f.Pos(fl.Span.End)})
	}
	return fix, ""
}

// userKnown reports whether the user the RUN runs as is known: a USER
// before it in its stage chain, or a base image the base-image table knows
// (those set no USER).
func userKnown(f *df.File, targets *build.Targets, in *df.Instruction) bool {
	for _, u := range f.Before(in) {
		if u.Is("USER") {
			return true
		}
	}
	if in.Stage == nil || in.Stage.Index >= len(targets.Stages()) {
		return false
	}
	_, ok := build.LookupImageEnv(targets.Stages()[in.Stage.Index].Ref)
	return ok
}

// usesCacheMounts reports whether some RUN of the file has a cache mount:
// its author builds with BuildKit and keeps downloads in mounts, so an apt
// install without one is a gap in that practice, not a style choice (on
// files with no mount at all the suggestion was noise).
func usesCacheMounts(f *df.File) bool {
	for _, in := range f.Instructions {
		for _, fl := range in.Flags {
			if fl.Name == "mount" && strings.Contains(string(f.Src[fl.ValueSpan.Start:fl.ValueSpan.End]), "type=cache") {
				return true
			}
		}
	}
	return false
}

// dockerClean is the file of the Debian and Ubuntu images that deletes
// downloaded packages after each install, which a cache mount then never
// keeps.
const dockerClean = "/etc/apt/apt.conf.d/docker-clean"

// reportApt reports an apt install without a cache mount at apt's cache,
// with the fix Docker's docs show: both of apt's directories mounted
// locked, and docker-clean removed first. The fix is unsafe: the removal
// stays in the image, so a later install without the mounts keeps its
// packages in its layer.
func reportApt(pass *analysis.Pass, f *df.File, cc cacheCommand) {
	msg := fmt.Sprintf("%s runs without a cache mount at apt's cache (%s and %s), while this Dockerfile caches other downloads: each rebuild of this layer downloads every package again", verb(cc.cmd), build.AptCacheDir, build.AptListsDir)
	fix, why := aptFix(f, cc)
	if fix == nil && why != "" {
		msg += "; no fix: " + why
	}
	sp := commandHead(cc.cmd)
	d := lint.Diagnostic{Diagnostic: analysis.Diagnostic{Pos: f.Pos(sp.Start), End: f.Pos(sp.End), Message: msg}}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
		d.Fix = lint.UnsafeFix
	}
	lint.ReportDiagnostic(pass, d)
}

// aptFix mounts apt's cache and lists and removes docker-clean at the
// start of the script. It is nil, with the reason, when the RUN is not a
// plain shell-form script, cleans apt's cache itself (the mount would be
// emptied each time), mounts one of apt's directories already, or the
// frontend has no --mount.
func aptFix(f *df.File, cc cacheCommand) (*analysis.SuggestedFix, string) {
	in := cc.in
	switch {
	case in.JSON || len(in.Heredocs) > 0:
		return nil, "the RUN is not a one-line shell script ballast edits"
	case cc.use.Cleared:
		return nil, "the RUN cleans apt's cache itself, which would empty the mount"
	case cc.use.Stray != nil || hasMountAt(f, in, build.AptListsDir):
		return nil, "the RUN mounts part of apt's directories already"
	case !build.MountsSupported(f):
		return nil, "the syntax directive pins a Dockerfile frontend without RUN --mount"
	}
	mounts := "--mount=type=cache,target=" + build.AptCacheDir + ",sharing=locked --mount=type=cache,target=" + build.AptListsDir + ",sharing=locked "
	rm := "rm -f " + dockerClean + " && "
	at := build.MountInsert(in)
	if at == in.ArgsSpan.Start {
		// One edit: two insertions at one offset have no defined order.
		return lint.Insert(f, "Mount apt's cache and lists", at, mounts+rm), ""
	}
	fix := lint.Insert(f, "Mount apt's cache and lists", at, mounts)
	fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: f.Pos(in.ArgsSpan.Start), End: f.Pos(in.ArgsSpan.Start), NewText: []byte(rm)})
	return fix, ""
}

// hasMountAt reports whether the RUN has a mount whose flag names dir.
func hasMountAt(f *df.File, in *df.Instruction, dir string) bool {
	for _, fl := range in.Flags {
		if fl.Name == "mount" && strings.Contains(string(f.Src[fl.ValueSpan.Start:fl.ValueSpan.End]), "="+dir) {
			return true
		}
	}
	return false
}
