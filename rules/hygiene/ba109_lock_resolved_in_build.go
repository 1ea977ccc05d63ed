package hygiene

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba109_lock_resolved_in_build.md
var ba109Doc string

// BA109 flags a build that resolves the dependencies again while the
// project's uv.lock is in the stage.
var BA109 = &lint.Rule{
	Code:     "BA109",
	Name:     "lock-resolved-in-build",
	Category: "hygiene",
	Severity: lint.Warning,
	Doc:      ba109Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.UnitAnalyzer},
	Run:      runBA109,
}

func runBA109(pass *analysis.Pass) (any, error) {
	f, unit := lint.DockerfileOf(pass), lint.UnitOf(pass)
	if f == nil || unit.Lock == nil {
		return nil, nil
	}
	f.Walk(func(in *dockerfile.Instruction) {
		if !in.Is("run") || !f.MayMention(in, "uv") && !f.MayMention(in, "pip-compile") {
			return
		}
		calls := in.Calls()
		for i := range calls {
			what, sp, ok := resolves(&calls[i])
			if !ok {
				continue
			}
			copied := lockCopy(f, in)
			if copied == nil {
				continue
			}
			where := fmt.Sprintf("copied at line %d", copied.StartLine)
			if copied == in {
				where = "mounted by this RUN"
			}
			lint.Reportf(pass, f, sp, "%s resolves the dependencies again in the build though uv.lock is in the stage (%s): the image gets what the index serves at build time, not what the lock says; %s", what, where, advice(what))
		}
	})
	return nil, nil
}

// advice says what to do instead of each re-resolving command.
func advice(what string) string {
	switch what {
	case "uv add", "uv remove":
		return "change pyproject.toml and uv.lock in the repository, then install with uv sync --locked"
	case "uv lock":
		return "lock in the repository and install with uv sync --locked"
	}
	return "install the lock with uv sync --locked, or export it with uv export --frozen"
}

// resolves reports whether a call resolves the project's dependencies
// afresh, naming the command and its span: uv lock, uv add and uv remove
// unless they only check or leave the lock alone, uv pip compile and
// pip-compile.
func resolves(c *dockerfile.Call) (string, dockerfile.Span, bool) {
	if c.Name == "pip-compile" {
		return "pip-compile", c.NameSpan, true
	}
	if c.Name != "uv" {
		return "", dockerfile.Span{}, false
	}
	// The subcommand is the first word that is not an option; uv's
	// options that take a value are written --opt=value in practice.
	sub := -1
	for i, w := range c.Words {
		if !strings.HasPrefix(w.Value, "-") {
			sub = i
			break
		}
	}
	if sub < 0 {
		return "", dockerfile.Span{}, false
	}
	has := func(names ...string) bool {
		return slices.ContainsFunc(c.Words[sub+1:], func(w dockerfile.CmdWord) bool {
			name, _, _ := strings.Cut(w.Value, "=")
			return slices.Contains(names, name)
		})
	}
	end := c.Words[sub].Span.End
	switch c.Words[sub].Value {
	case "lock":
		if has("--locked", "--check", "--frozen", "--check-exists", "--dry-run") {
			return "", dockerfile.Span{}, false
		}
	case "add", "remove":
		if has("--frozen", "--locked", "--script") {
			return "", dockerfile.Span{}, false
		}
	case "pip":
		if sub+1 >= len(c.Words) || c.Words[sub+1].Value != "compile" {
			return "", dockerfile.Span{}, false
		}
		end = c.Words[sub+1].Span.End
		return "uv pip compile", dockerfile.Span{Start: c.NameSpan.Start, End: end}, true
	default:
		return "", dockerfile.Span{}, false
	}
	return "uv " + c.Words[sub].Value, dockerfile.Span{Start: c.NameSpan.Start, End: end}, true
}

// lockCopy is the instruction that brings uv.lock into in's stage before
// it — a COPY or ADD of the lock by name or of the whole context, in the
// stage or a stage it is built on, or a bind mount of in itself — or nil.
// Unlike BA202's question (could the lock be there?), this one wants the
// lock to be there for sure: a folder or a variable is not enough.
func lockCopy(f *dockerfile.File, in *dockerfile.Instruction) *dockerfile.Instruction {
	if run, ok := in.Command.(*instructions.RunCommand); ok {
		for _, m := range instructions.GetMounts(run) {
			if m.Type == instructions.MountTypeBind && m.From == "" && namesLock(m.Source, false) {
				return in
			}
		}
	}
	var found *dockerfile.Instruction
	for _, prev := range f.Before(in) {
		if slices.ContainsFunc(build.ContextSources(prev), func(s string) bool { return namesLock(s, true) }) {
			found = prev
		}
	}
	return found
}

// namesLock reports whether a source path is uv.lock, a glob matching
// it, or (when whole is set) the whole build context.
func namesLock(src string, whole bool) bool {
	src = strings.TrimPrefix(src, "./")
	if whole && (src == "" || src == "." || src == "/") {
		return true
	}
	if strings.Contains(src, "$") {
		return false
	}
	ok, _ := path.Match(path.Base(src), "uv.lock")
	return ok
}
