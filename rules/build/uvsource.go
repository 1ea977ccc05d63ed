package build

import (
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"golang.org/x/tools/go/analysis"
)

// Where a Dockerfile gets uv from: uv's image, pip, or astral's installer
// script. The build-hygiene rules judge how (BA104: by pip; BA111: by a
// tag or a script that names no version).

// UVSourceKind says how a stage gets uv.
type UVSourceKind int

// The ways a Dockerfile gets uv.
const (
	// UVImage is ghcr.io/astral-sh/uv taken by COPY --from or
	// RUN --mount=from=, or as a FROM base.
	UVImage UVSourceKind = iota + 1
	// UVPip is `pip install uv`, `uv pip install uv` or `pipx install uv`.
	UVPip
	// UVInstaller is astral's installer script, downloaded by curl or wget
	// or added by ADD.
	UVInstaller
)

// UVSource is one place a Dockerfile gets uv from.
type UVSource struct {
	Kind UVSourceKind
	In   *dockerfile.Instruction
	// Cmd is the pip, pipx, curl or wget command; nil for an image and for
	// ADD.
	Cmd *dockerfile.Command
	// Span is the word that names uv: the image reference, the
	// requirement, the URL.
	Span dockerfile.Span
	// Text is that word with the Dockerfile's ARG and ENV values
	// substituted.
	Text string
	// Known is false when a variable the Dockerfile does not settle leaves
	// the word unknown: nothing is said of its version then.
	Known bool
	// Version is the uv release the word pins ("0.5.11", or "0.5" for a
	// tag or a 0.5.* requirement that names a minor series); "" when it
	// pins none.
	Version string
	// Digest is set for an image pinned by digest.
	Digest string
	// FromBase is set for a FROM line: the stage is built on a uv image.
	FromBase bool
}

// Pinned reports whether the source names one uv release or series.
func (s UVSource) Pinned() bool { return s.Version != "" || s.Digest != "" }

var (
	// uvInstallerScript matches astral's installer script URLs: the versioned
	// astral.sh/uv/X.Y.Z/install.sh and GitHub release asset, and the
	// unversioned ones that serve the newest release.
	uvInstallerScript = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:https?://)?(?:astral\.sh/uv/(?:(\d+\.\d+\.\d+)/)?install\.sh|github\.com/astral-sh/uv/releases/(?:latest/download|download/(\d+\.\d+\.\d+))/uv-installer\.sh)(?:[?#].*)?$`)
	})
)

// pipxValueFlag reports whether a pipx install option takes the next word.
func pipxValueFlag(name string) bool {
	switch name {
	case "--python", "--pip-args", "--index-url", "-i", "--suffix", "--spec":
		return true
	}
	return false
}

// uvTagVersion reads the version a uv image tag starts with: "0.5.11" of
// 0.5.11, "0.5" of 0.5-python3.12-bookworm, "" of latest. It reads what
// ^(\d+\.\d+(?:\.\d+)?)(?:-|$) does (TestUVTagVersionMatchesExpression)
// without compiling it on every run that copies uv from its image.
func uvTagVersion(tag string) string {
	i := digitsEnd(tag, 0)
	if i == 0 || i == len(tag) || tag[i] != '.' {
		return ""
	}
	end := digitsEnd(tag, i+1)
	if end == i+1 {
		return ""
	}
	if end < len(tag) && tag[end] == '.' {
		if j := digitsEnd(tag, end+1); j > end+1 {
			end = j
		}
	}
	if end < len(tag) && tag[end] != '-' {
		return ""
	}
	return tag[:end]
}

// UVImageRef reads a reference to uv's image: false when ref names another
// image.
func UVImageRef(ref string) (UVSource, bool) {
	r := dockerfile.ParseImageRef(ref)
	if strings.ToLower(r.Name) != "ghcr.io/astral-sh/uv" {
		return UVSource{}, false
	}
	s := UVSource{Kind: UVImage, Text: ref, Known: true, Digest: r.Digest}
	s.Version = uvTagVersion(r.Tag)
	return s, true
}

// UVInstallerURL reads a URL of astral's installer script: false when u is
// another URL.
func UVInstallerURL(u string) (UVSource, bool) {
	m := uvInstallerScript().FindStringSubmatch(u)
	if m == nil {
		return UVSource{}, false
	}
	return UVSource{Kind: UVInstaller, Text: u, Known: true, Version: m[1] + m[2]}, true
}

// imageWord reads an image reference as written, substituting env: a
// variable env does not settle leaves it unknown, with no version.
func imageWord(x *dockerfile.Expander, word string, env shell.EnvGetter) (UVSource, bool) {
	res, err := x.WithMatches(word, env)
	if err != nil {
		return UVSource{}, false
	}
	s, ok := UVImageRef(res.Result)
	if ok && len(res.Unmatched) > 0 {
		s.Known, s.Version, s.Digest = false, "", ""
	}
	return s, ok
}

// uvRequirement reads a pip operand that installs uv.
func uvRequirement(word string) (UVSource, bool) {
	req, err := pep508.ParseRequirement(word)
	if err != nil || req.NormalizedName != "uv" || req.URL != "" {
		return UVSource{}, false
	}
	s := UVSource{Kind: UVPip, Text: word, Known: true}
	if spec, err := pep440.ParseSpecifiers(req.Specifier); err == nil && len(spec) == 1 && (spec[0].Op == "==" || spec[0].Op == "===") {
		s.Version = strings.TrimSuffix(spec[0].Version, ".*")
	}
	return s, true
}

// UVSourcesAnalyzer is UVSources of the unit's Dockerfile: the rules that
// ask where the file gets uv read it here, so it is found once per file.
var UVSourcesAnalyzer = &analysis.Analyzer{
	Name:       "uvsources",
	Doc:        "where the Dockerfile gets uv\n\nuv images in FROM, COPY --from and RUN --mount=from=; pip, uv pip and pipx installs of uv; astral's installer script downloaded or added.",
	Requires:   []*analysis.Analyzer{lint.DockerfileAnalyzer, ScopeAnalyzer},
	Run:        findUVSources,
	ResultType: reflect.TypeFor[[]UVSource](),
}

func findUVSources(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return []UVSource(nil), nil
	}
	return UVSources(f, ScopeOf(pass)), nil
}

// UVSourcesOf returns the pass's uv sources, none for a unit without a
// Dockerfile; the pass's analyzer requires UVSourcesAnalyzer. The slice is
// shared: read it, do not change it.
func UVSourcesOf(pass *analysis.Pass) []UVSource {
	s, _ := pass.ResultOf[UVSourcesAnalyzer].([]UVSource)
	return s
}

// UVSources finds where the file gets uv, in source order, ONBUILD
// included: uv images in FROM, COPY --from and RUN --mount=from=; pip,
// uv pip and pipx installs of uv; astral's installer script downloaded or
// added. Words expand in the scope of their instruction; a word that
// stays unknown is kept with Known false when it still names uv.
func UVSources(f *dockerfile.File, scope *dockerfile.Scope) []UVSource {
	x := dockerfile.NewExpander(f)
	var out []UVSource
	for _, st := range f.Stages {
		if from := st.From; from != nil && len(from.Args) > 0 {
			w := from.Args[0]
			if s, ok := imageWord(x, w.Value, scope.Global.Env); ok {
				s.In, s.Span, s.FromBase = from, w.Span, true
				out = append(out, s)
			}
		}
	}
	f.Walk(func(in *dockerfile.Instruction) {
		out = append(out, instructionUVSources(f, scope, x, in)...)
	})
	return out
}

func instructionUVSources(f *dockerfile.File, scope *dockerfile.Scope, x *dockerfile.Expander, in *dockerfile.Instruction) []UVSource {
	var out []UVSource
	add := func(s UVSource, sp dockerfile.Span, cmd *dockerfile.Command) {
		s.In, s.Span, s.Cmd = in, sp, cmd
		out = append(out, s)
	}
	switch {
	case in.Is("copy"):
		if fl := in.Flag("from"); fl != nil && fl.HasValue {
			if s, ok := imageWord(x, fl.Value, scope.ArgsAt(in)); ok {
				add(s, fl.ValueSpan, nil)
			}
		}
	case in.Is("add"):
		for _, w := range in.Args {
			if s, ok := UVInstallerURL(x.Expand(w.Value, scope.ArgsAt(in))); ok {
				add(s, w.Span, nil)
			}
		}
	case in.Is("run"):
		out = append(out, runUVSources(f, scope, x, in)...)
	}
	return out
}

func runUVSources(f *dockerfile.File, scope *dockerfile.Scope, x *dockerfile.Expander, in *dockerfile.Instruction) []UVSource {
	var out []UVSource
	if in.Is("run") {
		for _, mf := range in.MountFlags() {
			if s, ok := imageWord(x, mf.Mount.From, scope.ArgsAt(in)); ok && mf.Mount.From != "" {
				s.In, s.Span = in, mf.Flag.ValueSpan
				out = append(out, s)
			}
		}
	}
	if !f.MayMentionWord(in, "uv") && !f.MayMention(in, "astral") {
		return out
	}
	vars := scope.VarsAt(in)
	// word reads an operand, substituting the ARG and ENV values.
	word := func(w dockerfile.CmdWord) (string, bool) {
		if w.Literal {
			return w.Value, true
		}
		res, err := x.WithMatches(w.Value, vars)
		if err != nil {
			return w.Value, false
		}
		return res.Result, len(res.Unmatched) == 0
	}
	cmds := in.Commands()
	for i := range cmds {
		c := &cmds[i]
		if c.Kind != dockerfile.PipInstall && c.Kind != dockerfile.UVPipInstall {
			continue
		}
		for _, a := range c.Args {
			text, known := word(a)
			if s, ok := uvRequirement(text); ok {
				s.In, s.Span, s.Cmd, s.Known = in, a.Span, c, known
				if !known {
					s.Version = ""
				}
				out = append(out, s)
			}
		}
	}
	calls := in.Calls()
	for i := range calls {
		call := &calls[i]
		switch call.Name {
		case "pipx":
			c := call.Command(pipxValueFlag)
			if len(c.Args) < 2 || c.Args[0].Value != "install" {
				continue
			}
			for _, a := range c.Args[1:] {
				text, known := word(a)
				if s, ok := uvRequirement(text); ok {
					s.In, s.Span, s.Cmd, s.Known = in, a.Span, &c, known
					if !known {
						s.Version = ""
					}
					out = append(out, s)
				}
			}
		case "curl", "wget":
			c := call.Command(nil)
			for _, a := range c.Args {
				text, known := word(a)
				if s, ok := UVInstallerURL(text); ok && known {
					s.In, s.Span, s.Cmd = in, a.Span, &c
					out = append(out, s)
				}
			}
		}
	}
	return out
}
