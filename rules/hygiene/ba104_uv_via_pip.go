package hygiene

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba104_uv_via_pip.md
var ba104Doc string

// BA104 flags uv installed with pip or pipx instead of copied from uv's
// image.
var BA104 = &lint.Rule{
	Code:     "BA104",
	Name:     "uv-via-pip",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba104Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.UVSourcesAnalyzer},
	Run:      runBA104,
}

// uvxSince is the first uv whose image holds /uvx beside /uv, the files
// the fix copies; older pins get no fix.
const uvxSince = 4

func runBA104(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, s := range build.UVSourcesOf(pass) {
		if s.Kind != build.UVPip {
			continue
		}
		tool := s.Cmd.Name
		if s.Cmd.Kind == dockerfile.UVPipInstall {
			tool = "uv pip"
		}
		if s.Version == "" {
			msg := fmt.Sprintf("uv is installed with %s, at no pinned version: copy a pinned release of uv's static binary instead (COPY --from=ghcr.io/astral-sh/uv:X.Y.Z /uv /uvx /bin/)", tool)
			if !s.Known {
				msg = fmt.Sprintf("uv is installed with %s: copy uv's static binary from its image instead (COPY --from=ghcr.io/astral-sh/uv:X.Y.Z /uv /uvx /bin/)", tool)
			}
			lint.Report(pass, f, s.Span, msg, nil)
			continue
		}
		copyLine := fmt.Sprintf("COPY --from=ghcr.io/astral-sh/uv:%s /uv /uvx /bin/", s.Version)
		var fix *analysis.SuggestedFix
		if replaceable(f, s) {
			fix = lint.Replace(f, "Copy uv "+s.Version+" from its image", s.In.Span, copyLine)
		}
		lint.Report(pass, f, s.Span, fmt.Sprintf("uv %s is installed with %s: copy uv's static binary from its image instead (%s), with no pip run, Python package or pip cache in the layer", s.Version, tool, copyLine), fix)
	}
	return nil, nil
}

// replaceable reports whether the RUN of s does nothing but install uv, so
// that a COPY can take its place, and whether the build reaches uv only
// through PATH afterwards, in its stage and the stages built on it (no
// `python -m uv`, no venv path to it).
func replaceable(f *dockerfile.File, s build.UVSource) bool {
	in := s.In
	if !in.Is("run") || len(in.Heredocs) > 0 || s.Cmd == nil {
		return false
	}
	operands := s.Cmd.Args
	if s.Cmd.Kind == 0 && len(operands) > 0 { // pipx: its subcommand comes first
		operands = operands[1:]
	}
	if len(operands) != 1 || !operands[0].Literal {
		return false
	}
	if s.Cmd.Kind == dockerfile.UVPipInstall {
		return false // uv is already there
	}
	if minor, ok := uvMinor(s.Version); !ok || minor < uvxSince {
		return false
	}
	for _, x := range f.Instructions {
		if x.Onbuild == in {
			return false
		}
	}
	if calls := in.Calls(); len(calls) != 1 || calls[0].Wrapped {
		return false
	}
	after := false
	ok := true
	f.Walk(func(x *dockerfile.Instruction) {
		if x == in {
			after = true
			return
		}
		if after && ok && x.Is("run") && slices.Contains(f.StageChain(x.Stage), in.Stage) && f.MayMentionWord(x, "uv") {
			ok = reachesUVByPath(f, x)
		}
	})
	return ok
}

// reachesUVByPath reports whether every use of uv in a RUN goes through
// PATH: `uv …`, not `python -m uv` or `/opt/venv/bin/uv`.
func reachesUVByPath(f *dockerfile.File, in *dockerfile.Instruction) bool {
	for _, c := range in.Calls() {
		name := string(f.Src[c.NameSpan.Start:c.NameSpan.End])
		if c.Name == "uv" && strings.Contains(name, "/") {
			return false
		}
		for i, w := range c.Words {
			if w.Value == "-m" && i+1 < len(c.Words) && c.Words[i+1].Value == "uv" {
				return false
			}
		}
	}
	return true
}

// uvMinor is the minor version of a 0.x uv release; false for 1.0 and
// later too, whose images ballast has not seen.
func uvMinor(v string) (int, bool) {
	major, minor, ok := build.MinorOf(v)
	if !ok || major != 0 {
		return 0, false
	}
	return minor, true
}
