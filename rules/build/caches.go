package build

import (
	"os"
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// CacheUse is how one install command of a RUN treats its installer's
// download cache: where the installer keeps it, whether the RUN mounts a
// cache there, turns the cache off or clears it.
type CacheUse struct {
	// Tool is "uv", "poetry", "pip" or "apt".
	Tool string
	// Dir is the cache directory, absolute and clean; "" when it cannot be
	// known (Unknown says why).
	Dir string
	// Source says where Dir comes from: "UV_CACHE_DIR", "--cache-dir",
	// "XDG_CACHE_HOME", "HOME", or "root's home".
	Source  string
	Unknown string
	// Root is true when the RUN runs as root (no USER, USER root or 0).
	Root bool
	// Mounted is true when a cache mount covers Dir (at Dir or a parent),
	// or when Dir is unknown and the RUN has a cache mount that may be it.
	Mounted bool
	// Stray is the cache mount the RUN seems to mean for the tool (its
	// target names the tool) when it does not cover Dir; nil otherwise.
	Stray *Mount
	// LinkMode is uv's --link-mode or UV_LINK_MODE ("copy", "clone",
	// "hardlink", "symlink"); "" is uv's default, hardlink on Linux.
	LinkMode string
	// Off is true when a flag or variable turns the cache off (uv
	// --no-cache, UV_NO_CACHE, poetry --no-cache, pip --no-cache-dir,
	// PIP_NO_CACHE_DIR, apk --no-cache).
	Off bool
	// OffFlags are the flags of the command that turn the cache off, in
	// order; OffVar is the variable that does, "" when none does.
	OffFlags []dockerfile.CmdFlag
	OffVar   string
	// Cleared is true when the RUN removes the cache itself (rm of the
	// directory or a parent, uv cache clean, poetry cache clear): a cache
	// mount there would make that rm fail on the mount point.
	Cleared bool
}

// Mount is one cache mount of a RUN: its target and where the target's
// text stands in the --mount flag (an empty span when it cannot be
// placed, as with quotes or escapes).
type Mount struct {
	Target     string
	TargetSpan dockerfile.Span
}

// InCache says whether the cache of c lands in the RUN's layer: the tool
// caches, and neither a mount, a no-cache setting nor a removal keeps it
// out.
func (u *CacheUse) InCache() bool {
	return !u.Off && !u.Mounted && !u.Cleared
}

// CacheOf reads how c, an install command of the RUN in, uses its
// cache; ok is false for commands of tools it does not know (apk's cache
// is DL3019's). pip's is read too, though the cache it leaves in the
// layer is DL3042's to report.
func CacheOf(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command) (CacheUse, bool) {
	env := commandEnv(f, in, c)
	var u CacheUse
	var dirFlag, dirVar, xdgSub string
	switch c.Kind {
	case dockerfile.UVSync, dockerfile.UVPipInstall, dockerfile.UVPipSync:
		u.Tool = "uv"
		dirFlag, dirVar, xdgSub = "--cache-dir", "UV_CACHE_DIR", "uv"
		u.Off = c.Has("--no-cache", "-n", "--no-cache-dir") || envTrue(env, "UV_NO_CACHE")
		if v := c.Values("--link-mode"); len(v) > 0 {
			u.LinkMode = v[len(v)-1]
		} else if v, ok := env("UV_LINK_MODE"); ok {
			u.LinkMode = v
		}
	case dockerfile.PoetryInstall:
		u.Tool = "poetry"
		dirVar, xdgSub = "POETRY_CACHE_DIR", "pypoetry"
		u.Off = c.Has("--no-cache")
	case dockerfile.PipInstall:
		u.Tool = "pip"
		dirFlag, dirVar, xdgSub = "--cache-dir", "PIP_CACHE_DIR", "pip"
		u.Off = c.Has("--no-cache-dir")
		if envTrue(env, "PIP_NO_CACHE_DIR") {
			u.Off, u.OffVar = true, "PIP_NO_CACHE_DIR"
		}
		u.OffFlags = flagsNamed(c, "--no-cache-dir")
	case dockerfile.AptGetInstall, dockerfile.AptInstall:
		u.Tool = "apt"
	default:
		return u, false
	}
	u.Root = runsAsRoot(f, in)
	if u.Tool == "apt" {
		// apt's downloads go to /var/cache/apt/archives whoever runs it
		// (it needs root); Dir::Cache settings are not read.
		u.Dir, u.Source = path.Join(AptCacheDir, "archives"), "apt's default"
	} else {
		u.Dir, u.Source, u.Unknown = cacheDir(c, env, u.Root, dirFlag, dirVar, xdgSub)
	}
	mounts := cacheMounts(f, in, env)
	for _, m := range mounts {
		switch {
		case u.Dir != "" && within(u.Dir, m.Target):
			u.Mounted = true
		case u.Dir != "" && u.Stray == nil && strings.Contains(path.Base(m.Target), u.Tool):
			u.Stray = &m
		}
	}
	if u.Dir == "" && len(mounts) > 0 {
		// Where the tool caches is unknown: any cache mount may be it.
		u.Mounted = true
	}
	if u.Mounted {
		u.Stray = nil
	}
	u.Cleared = clearsCache(in, u.Tool, u.Dir, env)
	return u, true
}

// AptCacheDir and AptListsDir are where apt keeps downloaded packages and
// the package lists; Docker's cache-mount example mounts both, locked,
// since apt takes a lock of its own on each.
const (
	AptCacheDir = "/var/cache/apt"
	AptListsDir = "/var/lib/apt"
)

// flagsNamed lists the flags of c with one of the names, in order.
func flagsNamed(c *dockerfile.Command, names ...string) []dockerfile.CmdFlag {
	var out []dockerfile.CmdFlag
	for _, fl := range c.Flags {
		if slices.Contains(names, fl.Name) {
			out = append(out, fl)
		}
	}
	return out
}

// cacheDir is where the tool caches: the flag, the tool's variable, then
// $XDG_CACHE_HOME/<sub>, then $HOME/.cache/<sub>, as uv, poetry and pip
// resolve it (uv: "Caching" in its docs; poetry: "Configuration",
// cache-dir; pip: "Caching", platformdirs' user cache dir). HOME is root's /root when the RUN runs as root and no ENV
// sets it; another user's home is not guessed.
func cacheDir(c *dockerfile.Command, env func(string) (string, bool), root bool, dirFlag, dirVar, sub string) (dir, source, unknown string) {
	pick := func(v, source string) (string, string, string) {
		v = expandKnown(strings.Trim(v, `"'`), env)
		if v == "" || !path.IsAbs(v) {
			return "", "", source + " is not an absolute path ballast can read"
		}
		return path.Clean(v), source, ""
	}
	if dirFlag != "" {
		if v := c.Values(dirFlag); len(v) > 0 {
			return pick(v[len(v)-1], dirFlag)
		}
	}
	if v, ok := env(dirVar); ok && v != "" {
		return pick(v, dirVar)
	}
	if v, ok := env("XDG_CACHE_HOME"); ok && v != "" {
		d, s, u := pick(v, "XDG_CACHE_HOME")
		if d != "" {
			d = path.Join(d, sub)
		}
		return d, s, u
	}
	if v, ok := env("HOME"); ok && v != "" {
		d, s, u := pick(v, "HOME")
		if d != "" {
			d = path.Join(d, ".cache", sub)
		}
		return d, s, u
	}
	if root {
		return path.Join("/root/.cache", sub), "root's home", ""
	}
	return "", "", "the RUN runs as a user whose home no ENV HOME sets"
}

// expandKnown expands $NAME and ${NAME} in v; "" when a name has no value.
func expandKnown(v string, env func(string) (string, bool)) string {
	if !strings.Contains(v, "$") {
		return v
	}
	known := true
	out := os.Expand(v, func(k string) string {
		s, ok := env(k)
		if !ok {
			known = false
		}
		return strings.Trim(s, `"'`)
	})
	if !known {
		return ""
	}
	return out
}

// commandEnv gives the variables c sees: its own assignments, then the
// ENV and ARG values before the RUN.
func commandEnv(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command) func(string) (string, bool) {
	vars := dockerfile.ScopeOf(f).VarsAt(in)
	return func(key string) (string, bool) {
		if v, ok := c.Env[key]; ok {
			return strings.Trim(v, `"'`), true
		}
		return vars.Get(key)
	}
}

// runsAsRoot reports whether the RUN runs as root: the nearest USER before
// it, in its stage or the stages it builds on, names root or uid 0, or
// there is none (a base image's own USER is not known: the official
// python, debian and ubuntu images set none).
func runsAsRoot(f *dockerfile.File, in *dockerfile.Instruction) bool {
	if in.Stage == nil {
		return false
	}
	for _, u := range f.Before(in) {
		if u.Is("USER") && len(u.Args) > 0 {
			name, _, _ := strings.Cut(u.Args[0].Value, ":")
			return name == "root" || name == "0"
		}
	}
	return true
}

// cacheMounts lists the RUN's cache mounts, targets expanded in the ARG
// and ENV values before it as BuildKit expands them.
func cacheMounts(f *dockerfile.File, in *dockerfile.Instruction, env func(string) (string, bool)) []Mount {
	run, ok := in.Command.(*instructions.RunCommand)
	if !ok {
		return nil
	}
	var out []Mount
	for _, m := range instructions.GetMounts(run) {
		if m.Type != instructions.MountTypeCache {
			continue
		}
		target := expandKnown(m.Target, env)
		if target == "" {
			continue
		}
		mt := Mount{Target: path.Clean(target)}
		for _, fl := range in.Flags {
			if fl.Name != "mount" {
				continue
			}
			src := f.Src[fl.ValueSpan.Start:fl.ValueSpan.End]
			for _, key := range []string{"target=", "dst=", "destination="} {
				if i := strings.Index(string(src), key+m.Target); i >= 0 && strings.Count(string(src), key+m.Target) == 1 {
					at := fl.ValueSpan.Start + i + len(key)
					mt.TargetSpan = dockerfile.Span{Start: at, End: at + len(m.Target)}
				}
			}
		}
		out = append(out, mt)
	}
	return out
}

// mountCovers reports whether one of the cache mounts covers dir.
func mountCovers(mounts []Mount, dir string) bool {
	for _, m := range mounts {
		if within(dir, m.Target) {
			return true
		}
	}
	return false
}

// within reports whether dir is mount or below it.
func within(dir, mount string) bool {
	return dir == mount || mount == "/" || strings.HasPrefix(dir, mount+"/")
}

// clearsCache reports whether the RUN removes the tool's cache: an rm of
// the cache directory, of a directory holding it or of its contents, or
// the tool's own cache command.
func clearsCache(in *dockerfile.Instruction, tool, dir string, env func(string) (string, bool)) bool {
	for _, call := range in.Calls() {
		switch call.Name {
		case "rm":
			if dir == "" {
				continue
			}
			for _, w := range call.Words {
				if strings.HasPrefix(w.Value, "-") {
					continue
				}
				p := w.Value
				if !w.Literal {
					p = expandKnown(p, env)
				}
				p = strings.TrimSuffix(strings.TrimSuffix(p, "*"), "/")
				if strings.HasPrefix(p, "~/") {
					if home, ok := env("HOME"); ok {
						p = home + p[1:]
					} else {
						p = "/root" + p[1:]
					}
				}
				if path.IsAbs(p) && (within(dir, path.Clean(p)) || within(path.Clean(p), dir)) {
					return true
				}
			}
		case "uv":
			if tool == "uv" && call.Sub() == "cache" {
				return true
			}
		case "poetry":
			if tool == "poetry" && call.Sub() == "cache" {
				return true
			}
		case "apt-get", "apt":
			if tool == "apt" && call.Sub() == "clean" {
				return true
			}
		}
	}
	return false
}

// MountInsert is where a new --mount flag goes in a RUN: before its first
// flag, or before its command when it has none.
func MountInsert(in *dockerfile.Instruction) int {
	if len(in.Flags) > 0 {
		return in.Flags[0].Span.Start
	}
	return in.ArgsSpan.Start
}

// MountsSupported reports whether the file may use RUN --mount: no syntax
// directive pins a Dockerfile frontend older than 1.2, where --mount
// became stable.
func MountsSupported(f *dockerfile.File) bool {
	for _, line := range strings.SplitN(string(f.Src), "\n", 8) {
		l := strings.TrimSpace(line)
		if !strings.HasPrefix(l, "#") {
			break
		}
		l = strings.TrimSpace(strings.TrimPrefix(l, "#"))
		k, v, ok := strings.Cut(l, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "syntax") {
			continue
		}
		v = strings.TrimSpace(v)
		for _, old := range []string{"dockerfile:1.0", "dockerfile:1.1"} {
			if strings.Contains(v, old) {
				return false
			}
		}
	}
	return true
}

// SubcommandSpan is the span of the subcommand word (install, add, sync)
// of c: the first word after the program whose text is sub.
func SubcommandSpan(c *dockerfile.Command, sub string) (dockerfile.Span, bool) {
	for _, w := range c.Expr.Args {
		sp := c.Script.Span(w)
		if sp.Start <= c.Span.Start {
			continue
		}
		if w.Lit() == sub {
			return sp, true
		}
	}
	return dockerfile.Span{}, false
}
