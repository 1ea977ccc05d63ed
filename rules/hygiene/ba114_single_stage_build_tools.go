package hygiene

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba114_single_stage_build_tools.md
var ba114Doc string

// BA114 flags a single-stage image that installs build tools and syncs a
// uv project with them: the image ships the compilers the sync needed.
var BA114 = &lint.Rule{
	Code:     "BA114",
	Name:     "single-stage-build-tools",
	Category: "hygiene",
	Severity: lint.Info,
	Fix:      lint.UnsafeFix,
	Doc:      ba114Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.LockAnalyzer, build.CostAnalyzer},
	Run:      runBA114,
}

// isBuildTool reports whether a system package only compiles: a runtime
// stage that copies the built venv does without it.
func isBuildTool(name string) bool {
	switch name {
	case "build-essential", "gcc", "g++", "clang", "make", "cmake", "ninja-build", "pkg-config",
		"gfortran", "cargo", "rustc", "autoconf", "automake", "libtool", "build-base", "musl-dev",
		"linux-headers", "python3-dev", "libc6-dev":
		return true
	}
	return false
}

// buildOnly is the package that the fix may also leave in the builder:
// git fetches the lock's git sources, which the venv then holds.
const buildOnly = "git"

func runBA114(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) != 1 {
		return nil, nil
	}
	st := f.Stages[0]
	syncs := uvSyncSteps(f, build.CostOf(pass))
	if len(syncs) == 0 {
		return nil, nil
	}
	// A base that ships compilers (python's full tags, CUDA devel
	// images) keeps them in any runtime stage built on it.
	if st.From == nil || len(st.From.Args) == 0 || !slimBase(st.From.Args[0].Value) {
		return nil, nil
	}
	// Without the lock's packages the rule cannot know what the program
	// needs at run time.
	if slices.ContainsFunc(syncs, func(sc *build.StepCost) bool { return sc.Err != nil }) {
		return nil, nil
	}
	for _, sc := range syncs {
		// triton compiles its kernels with the C compiler when the program
		// runs: there the compiler is a runtime dependency.
		if slices.ContainsFunc(sc.Items, func(it build.Item) bool { return it.Family == build.FamilyTriton }) {
			return nil, nil
		}
	}
	var tools []string
	var at dockerfile.Span
	var toolsIn *dockerfile.Instruction
	for _, in := range st.Instructions {
		if !in.Is("run") || !inStage(f, in) {
			continue
		}
		for _, c := range in.Commands() {
			if c.Kind != dockerfile.AptGetInstall && c.Kind != dockerfile.AptInstall && c.Kind != dockerfile.ApkAdd {
				continue
			}
			for _, a := range c.Args {
				name, _, _ := strings.Cut(a.Value, "=")
				if a.Literal && isBuildTool(name) && !slices.Contains(tools, name) {
					if toolsIn == nil {
						toolsIn, at = in, a.Span
					}
					tools = append(tools, name)
				}
			}
		}
	}
	if toolsIn == nil || removesTools(st) {
		return nil, nil
	}
	last := syncs[len(syncs)-1]
	msg := fmt.Sprintf("the single-stage image ships the build tools it installs (%s) beside the venv uv sync builds on line %d; a builder stage that syncs the venv and a runtime stage that copies only the venv and the source would leave them out, with uv and its cache (the venv is copied as built; the tools' size is not estimated)",
		lint.JoinShort(tools, 4), f.Position(last.In.Span.Start).Line)
	lint.Report(pass, f, at, msg, splitFix(pass, f, st, last))
	return nil, nil
}

// removesTools reports whether a RUN of the stage removes packages again
// (apt-get purge or remove, apk del): the image may not ship them.
func removesTools(st *dockerfile.Stage) bool {
	for _, in := range st.Instructions {
		for _, c := range in.Calls() {
			if len(c.Words) == 0 {
				continue
			}
			w := c.Words[0].Value
			if (c.Name == "apt-get" || c.Name == "apt") && (w == "purge" || w == "remove" || w == "autoremove") || c.Name == "apk" && w == "del" {
				return true
			}
		}
	}
	return false
}

// splitFix is uv's multi-stage example for a plain single stage: the
// stage becomes `builder`, and after its last RUN or COPY a runtime stage
// FROM the same image (the venv's interpreter path must stay) takes the
// WORKDIR, venv and source, from the builder, with the stage's ENVs again;
// the instructions after it (ENV, CMD, USER, EXPOSE…) stay the runtime's.
// It is nil unless the rewrite is sure to build and run the same program:
// every RUN only installs system build tools or runs uv sync, every COPY
// brings uv or files into the WORKDIR, the sync (--locked or --frozen, no
// variables) uses the base image's own Python, no ARG, USER or SHELL
// comes before, and nothing after calls uv.
func splitFix(pass *analysis.Pass, f *dockerfile.File, st *dockerfile.Stage, sc *build.StepCost) *analysis.SuggestedFix {
	from := st.From
	if st.Name != "" || from == nil || len(from.Flags) > 0 || len(from.Args) != 1 || strings.Contains(from.Args[0].Value, "$") {
		return nil
	}
	image := from.Args[0].Value
	if tools, ok := build.LookupImageTools(image); !ok || tools.Python == "" {
		return nil
	}
	c := sc.Cmd
	if c.HasExpansion() || len(c.Env) > 0 || !c.Has("--locked", "--frozen") || c.Has("--python", "-p", "--directory", "--project") {
		return nil
	}
	if !usesBasePython(pass, sc) {
		return nil
	}
	wd, ok := build.Workdir(f, sc.In)
	if !ok || wd == "/" || strings.ContainsAny(wd, "$ ") {
		return nil
	}
	if _, ok := f.EnvBefore(sc.In, "UV_PROJECT_ENVIRONMENT"); ok {
		return nil
	}
	lastBuild := -1
	for i, in := range st.Instructions {
		if in.Is("run") || in.Is("copy") || in.Is("add") {
			lastBuild = i
		}
	}
	var envs []string
	for i, in := range st.Instructions {
		text := string(f.Src[in.Span.Start:in.Span.End])
		if i > lastBuild {
			if in.Is("run") || in.Is("copy") || in.Is("add") || in.Is("arg") || in.Is("onbuild") || in.Is("shell") || in.Is("volume") || mentionsUV(text) {
				return nil
			}
			continue
		}
		switch {
		case in.Is("env"):
			envs = append(envs, text)
		case in.Is("label"):
		case in.Is("workdir"):
			if len(in.Args) != 1 || !strings.HasPrefix(in.Args[0].Value, "/") || build.JoinPath(in.Args[0].Value, ".") != wd {
				return nil
			}
		case in.Is("run"):
			if !buildRun(in) {
				return nil
			}
		case in.Is("copy"):
			if !buildCopy(f, in, wd) {
				return nil
			}
		default:
			return nil
		}
	}
	eol := "\n"
	if bytesHasCRLF(f.Src) {
		eol = "\r\n"
	}
	var runtime strings.Builder
	runtime.WriteString(eol + eol + "FROM " + image + eol)
	for _, e := range envs {
		runtime.WriteString(e + eol)
	}
	runtime.WriteString("COPY --from=builder " + wd + " " + wd + eol + "WORKDIR " + wd)
	end := st.Instructions[lastBuild].Span.End
	installed := ""
	if sc.Installed.Value > 0 {
		installed = fmt.Sprintf(", of about %s", lint.FormatBytes(sc.Installed.Value))
	}
	desc := fmt.Sprintf("Split into a builder stage and a runtime stage that copies %s (the venv%s, and the source) from it: the image no longer carries the build tools, uv and uv's cache", wd, installed)
	return &analysis.SuggestedFix{Message: desc, TextEdits: []analysis.TextEdit{
		{Pos: f.Pos(from.Args[0].Span.End), End: f.Pos(from.Args[0].Span.End), NewText: []byte(" AS builder")},
		{Pos: f.Pos(end), End: f.Pos(end), NewText: []byte(runtime.String())},
	}}
}

// usesBasePython reports whether the sync runs the base image's Python,
// which the runtime stage has at the same path: no .python-version, ENV
// or option asks for another, and the lock's requires-python admits it.
func usesBasePython(pass *analysis.Pass, sc *build.StepCost) bool {
	py := sc.Env().Python
	if !strings.HasPrefix(py.Source, "FROM ") {
		return false
	}
	lock := lint.LockOf(pass)
	if lock == nil {
		return false
	}
	spec, err := pep440.ParseSpecifiers(lock.RequiresPython)
	if err != nil {
		return false
	}
	var major, minor int
	if _, err := fmt.Sscanf(py.V, "%d.%d", &major, &minor); err != nil {
		return false
	}
	return spec.AllowsMinor(major, minor)
}

// buildRun reports whether every command of a RUN installs system build
// tools (with the package index update and cleanup around it) or runs
// uv sync: what the runtime stage can do without.
func buildRun(in *dockerfile.Instruction) bool {
	cmds := in.Commands()
	for _, call := range in.Calls() {
		i := slices.IndexFunc(cmds, func(c dockerfile.Command) bool { return c.Call.Span.Start == call.Span.Start })
		switch {
		case i >= 0 && cmds[i].Kind == dockerfile.UVSync:
		case i >= 0 && (cmds[i].Kind == dockerfile.AptGetInstall || cmds[i].Kind == dockerfile.AptInstall || cmds[i].Kind == dockerfile.ApkAdd):
			for _, a := range cmds[i].Args {
				name, _, _ := strings.Cut(a.Value, "=")
				if !a.Literal || !isBuildTool(name) && name != buildOnly {
					return false
				}
			}
		case call.Name == "apt-get" || call.Name == "apt":
			if len(call.Words) == 0 || call.Words[0].Value != "update" && call.Words[0].Value != "clean" {
				return false
			}
		case call.Name == "rm":
		default:
			return false
		}
	}
	return true
}

// buildCopy reports whether a COPY brings uv's binaries or files of the
// build context into the WORKDIR, which the runtime stage copies whole.
func buildCopy(f *dockerfile.File, in *dockerfile.Instruction, wd string) bool {
	c, ok := in.Command.(*instructions.CopyCommand)
	if !ok || c.Parents || strings.Contains(c.DestPath, "$") {
		return false
	}
	if strings.Contains(c.From, "astral-sh/uv") {
		return true
	}
	if c.From != "" {
		return false
	}
	dest := build.JoinPath(wd, c.DestPath)
	if w, ok := build.Workdir(f, in); ok {
		dest = build.JoinPath(w, c.DestPath)
	}
	return dest == wd || strings.HasPrefix(dest, strings.TrimSuffix(wd, "/")+"/")
}

// mentionsUV reports whether an instruction's text runs uv, which the
// runtime stage does not have.
func mentionsUV(text string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '"' || r == '[' || r == ',' || r == '\t' }) {
		if w == "uv" || w == "uvx" || strings.HasSuffix(w, "/uv") {
			return true
		}
	}
	return false
}

// bytesHasCRLF reports whether the file ends its lines with CRLF.
func bytesHasCRLF(src []byte) bool {
	i := slices.Index(src, '\n')
	return i > 0 && src[i-1] == '\r'
}

// slimBase reports whether a base image is known to ship no compiler:
// python's and uv's slim and alpine tags, debian, ubuntu and alpine.
func slimBase(ref string) bool {
	if strings.Contains(ref, "$") {
		return false
	}
	repo, tag := ref, ""
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		repo, tag = ref[:i], ref[i+1:]
	}
	repo = strings.TrimPrefix(strings.TrimPrefix(repo, "docker.io/"), "library/")
	switch repo {
	case "python", "ghcr.io/astral-sh/uv":
		return strings.Contains(tag, "slim") || strings.Contains(tag, "alpine")
	case "debian", "ubuntu", "alpine":
		return tag != ""
	}
	return false
}
