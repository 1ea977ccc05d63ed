package buildkit

import (
	"bytes"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/buildkit/util/system"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

// This file models the part of BuildKit's Dockerfile-to-LLB conversion that
// its conversion-time checks observe (dockerfile2llb's defaultArgs,
// buildMetaArgs, buildDispatchStates, resolveStages and dispatch), once per
// Dockerfile for all of them: the global scope FROM lines expand in, which
// stage each FROM builds on, and, command by command in BuildKit's order
// (the ONBUILD triggers of a base stage first), the environment words are
// expanded in, the command after expansion, and the SHELL and WORKDIR state.
// Nothing is resolved over the network and no build argument is given: an
// image base is given PATH (the Linux default) as its only value, as
// BuildKit's own check harness did (every base image answered with that
// PATH in its environment), and no SHELL and no WORKDIR. Which other names
// an image sets comes from build.LookupImageEnv; where the image is not
// tabled, no variable is reported undefined.

// dispatchAnalyzer runs the dispatch model over the Dockerfile once for all
// the checks that need it.
var dispatchAnalyzer = &analysis.Analyzer{
	Name:       "bkdispatch",
	Doc:        "BuildKit's conversion of a Dockerfile, as far as its checks observe it\n\nIt records the global ARG scope and the FROM words expanded in it, and, for every command BuildKit dispatches (ONBUILD triggers of a base stage first), the command after variable expansion, the undefined variables it referenced, and the SHELL and WORKDIR state.",
	Requires:   []*analysis.Analyzer{lint.DockerfileAnalyzer, build.ScopeAnalyzer},
	Run:        runDispatch,
	ResultType: reflect.TypeFor[*dispatchModel](),
}

// requiresDispatch is what the checks that read the dispatch model require.
var requiresDispatch = []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ReporterAnalyzer, dispatchAnalyzer}

// dispatchOf returns the pass's dispatch model (empty for a unit without a
// Dockerfile).
func dispatchOf(pass *analysis.Pass) *dispatchModel {
	m, _ := pass.ResultOf[dispatchAnalyzer].(*dispatchModel)
	if m == nil {
		return &dispatchModel{}
	}
	return m
}

// dispatchModel is what BuildKit's conversion computes before and while it
// dispatches the commands.
type dispatchModel struct {
	// global is the file's global scope (build.ScopeAnalyzer); nil for a
	// unit without a Dockerfile.
	global *dockerfile.GlobalScope
	// from holds each stage's FROM words expanded in the global scope, by
	// stage index.
	from []fromExpansion
	// steps is every command BuildKit dispatches, in order.
	steps []*step
	// undefined lists the expanded words that referenced variables neither
	// set nor declared.
	undefined []*undefinedRef
}

// A meta ARG default that fails to expand stops BuildKit before it expands
// any FROM line. BK012–BK022 stop there too: they read froms and
// dispatched, which then yield nothing. BK007, BK009, BK010 and BK011 read
// every step and FROM line, as ballast reports past a failing instruction.

// froms yields the FROM line of every stage BuildKit parsed, expanded in the
// global scope, unless BuildKit stops first.
func (m *dispatchModel) froms() iter.Seq[*fromExpansion] {
	return func(yield func(*fromExpansion) bool) {
		if m.global == nil || !m.global.OK {
			return
		}
		for i := range m.from {
			if x := &m.from[i]; x.stage.Typed != nil && !yield(x) {
				return
			}
		}
	}
}

// dispatched is the steps BuildKit reaches: none if it stops first.
func (m *dispatchModel) dispatched() []*step {
	if m.global == nil || !m.global.OK {
		return nil
	}
	return m.steps
}

// step is one command as a stage dispatches it.
type step struct {
	stage *dockerfile.Stage
	// in is the instruction as written; for an ONBUILD trigger, the ONBUILD
	// instruction of the base stage.
	in *dockerfile.Instruction
	// trigger is set for an ONBUILD trigger of the base stage that BuildKit
	// runs at the start of this stage: the FROM line that runs it, where
	// BuildKit reports anything the trigger causes, with no per-instruction
	// check comments.
	trigger *dockerfile.Instruction
	// parsed is the command before expansion, whose words are found in the
	// source; a trigger's findings go to its FROM line, so for a trigger it
	// is cmd. The parser's commands are shared by every rule: read only.
	parsed instructions.Command
	// cmd is the command after variable expansion; parsed itself when
	// expansion cannot change it.
	cmd instructions.Command
	// unresolved: a word referenced a variable nothing in the file sets,
	// which the base image may (its value, and the word's, is unknown).
	unresolved bool
	// expanded is false when an expansion failed; BuildKit would stop the
	// build there, before the command does anything.
	expanded bool
	// shell: a SHELL instruction is in effect (in this stage or one it
	// builds on).
	shell bool
	// workdirSet: a WORKDIR ran earlier in this stage or one it builds on.
	workdirSet bool
	// os is the stage platform's operating system.
	os string
	// argsDispatched counts the names of an ARG that BuildKit gets to: all
	// of them, unless expanding a default fails (the build stops after
	// checking that name).
	argsDispatched int
	// ports are an EXPOSE's arguments in BuildKit's (sorted) order, each
	// expanded and split into words; portSpans are their words in the
	// source. An argument whose expansion fails ends the list.
	ports     [][]string
	portSpans []dockerfile.Span

	// words are the non-empty words expanded so far, in order.
	words []string
}

// checkAt is the instruction whose `# check=` comment governs findings of
// this step: none for a trigger (the file's directive only).
func (s *step) checkAt() *dockerfile.Instruction {
	if s.trigger != nil {
		return nil
	}
	return s.in
}

// at returns where to report a finding at sp in this step: sp, kept on the
// instruction's first line (see firstLineSpan), or for a trigger the base
// name on the FROM line that runs it, since BuildKit reports triggers there.
func (s *step) at(f *dockerfile.File, sp dockerfile.Span) dockerfile.Span {
	if s.trigger != nil {
		return firstLineSpan(f, s.trigger, fromBaseSpan(s.trigger))
	}
	return firstLineSpan(f, s.in, sp)
}

// argsAt is where a finding about the whole step goes: its arguments, or
// its keyword when it has none.
func (s *step) argsAt(f *dockerfile.File) dockerfile.Span {
	if s.in.ArgsSpan.End > s.in.ArgsSpan.Start {
		return s.at(f, s.in.ArgsSpan)
	}
	return s.at(f, s.in.KeywordSpan)
}

// undefinedRef is one word BuildKit expanded that referenced variables
// neither in the environment nor declared by an ARG: what BuildKit reports
// as UndefinedVar.
type undefinedRef struct {
	step *step
	// names are the undefined variables, sorted.
	names []string
	// env, when its log was envAt entries long, is the environment the
	// word was expanded in (see keys).
	env   *dockerfile.Env
	envAt int
	// word is the index of the word among the step's words.
	word int
}

// keys is the environment the word was expanded in, in BuildKit's order.
func (u *undefinedRef) keys() []string { return u.env.KeysAt(u.envAt) }

// span is where variable name is referenced, on the line BuildKit reports.
// The words a step expands come in source order, so following them through
// the instruction's text finds the one that referenced name.
func (u *undefinedRef) span(f *dockerfile.File, name string) dockerfile.Span {
	st := u.step
	if st.trigger != nil {
		return st.at(f, dockerfile.Span{})
	}
	text := instructionText(f, st.in)
	cursor, from := 0, 0
	for _, w := range st.words[:u.word+1] {
		from = cursor
		if i := bytes.Index(text.s[cursor:], []byte(w)); i >= 0 {
			from = cursor + i
			cursor = from + len(w)
		}
	}
	return varSpan(f, st.in, text, from, name)
}

// sbomScanArg reports whether a build argument is one BuildKit never puts
// in the environment and never reports as undefined.
func sbomScanArg(name string) bool {
	return name == "BUILDKIT_SBOM_SCAN_CONTEXT" || name == "BUILDKIT_SBOM_SCAN_STAGE"
}

type dispatcher struct {
	f      *dockerfile.File
	x      *dockerfile.Expander
	silent *linter.Linter
	m      *dispatchModel
}

func runDispatch(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return &dispatchModel{}, nil
	}
	d := &dispatcher{f: f, x: dockerfile.NewExpander(f), m: &dispatchModel{global: build.ScopeOf(pass).Global, steps: make([]*step, 0, len(f.Instructions))}}
	for _, s := range d.resolveStages() {
		d.dispatchStage(s)
	}
	return d.m, nil
}

// dispatchStage runs one stage: it inherits its parent stage's state, or an
// image's (PATH only), then dispatches the parent's ONBUILD triggers and its
// own instructions.
func (d *dispatcher) dispatchStage(s *stageState) {
	if b := s.base; b != nil {
		s.env = b.env.Clone()
		s.image = b.image.Clone()
		s.shell = b.shell
		s.workdirSet = b.workdirSet
		s.os = b.os
		s.declared = maps.Clone(b.declared)
		s.imageEnv, s.imageEnvKnown = b.imageEnv, b.imageEnvKnown
		if _, ok := s.image.Get("PATH"); !ok && s.os != "windows" {
			s.image.Update("PATH", system.DefaultPathEnvUnix)
		}
	} else {
		s.env = dockerfile.NewEnv(8)
		s.image = dockerfile.NewEnv(8)
		s.image.Update("PATH", system.DefaultPathEnvUnix)
		s.declared = map[string]bool{}
	}
	// The stage's environment starts in sync with its image config.
	for _, k := range s.image.Keys() {
		v, _ := s.image.Get(k)
		s.env.Set(k, v)
	}
	// One allocation for the stage's steps; the capacity is exact, so the
	// pointers taken into it stay valid.
	steps := make([]step, 0, len(s.triggers)+len(s.stage.Instructions))
	for _, t := range s.triggers {
		steps = append(steps, step{stage: s.stage, in: t.onbuild, trigger: s.stage.From, parsed: t.cmd, cmd: t.cmd})
		d.dispatch(s, &steps[len(steps)-1], true)
	}
	for _, in := range s.stage.Instructions {
		if in.Command == nil {
			continue
		}
		steps = append(steps, step{stage: s.stage, in: in, parsed: in.Command, cmd: in.Command})
		st := &steps[len(steps)-1]
		fresh := expands(in, d.x.Escape)
		if fresh {
			// Expansion rewrites the command: work on a copy, never on the
			// parser's command that every rule shares.
			st.cmd = copyForExpansion(in.Command)
			if st.cmd == nil {
				var err error
				if st.cmd, err = parseCommand(in.Node, d.silentLinter()); err != nil {
					continue
				}
			}
		}
		d.dispatch(s, st, fresh)
	}
}

// expands reports whether expanding in's words can change them, fail, or
// find an undefined variable, so that the command must be expanded on a
// copy: BuildKit expands the command (RUN only the options of its --mount
// flags, where only a variable matters to the checks), and its text holds a
// character the lexer treats specially. A backslash counts even when it is
// not the escape character, since a JSON string can spell any character
// with one.
func expands(in *dockerfile.Instruction, escape rune) bool {
	switch in.Command.(type) {
	case *instructions.RunCommand:
		return in.Flag("mount") != nil && textHas(in, func(s string) bool { return strings.Contains(s, "$") })
	case *instructions.EnvCommand, *instructions.LabelCommand, *instructions.CopyCommand, *instructions.AddCommand,
		*instructions.UserCommand, *instructions.VolumeCommand, *instructions.StopSignalCommand, *instructions.WorkdirCommand:
		return textHas(in, func(s string) bool { return dockerfile.HasSpecial(s, "$<'\"\\", escape) })
	}
	return false
}

// textHas reports whether in's text or one of its heredoc bodies has what
// has looks for.
func textHas(in *dockerfile.Instruction, has func(string) bool) bool {
	if has(in.Node.Original) {
		return true
	}
	for _, h := range in.Node.Heredocs {
		if has(h.Content) {
			return true
		}
	}
	return false
}

// copyForExpansion returns a copy of cmd that Expand and ExpandRaw may
// change without touching cmd: the struct and the slices they write to. It
// returns nil for a command it does not know, which is parsed again.
func copyForExpansion(cmd instructions.Command) instructions.Command {
	switch c := cmd.(type) {
	case *instructions.EnvCommand:
		cp := *c
		cp.Env = slices.Clone(c.Env)
		return &cp
	case *instructions.LabelCommand:
		cp := *c
		cp.Labels = slices.Clone(c.Labels)
		return &cp
	case *instructions.CopyCommand:
		cp := *c
		cp.SourcePaths = slices.Clone(c.SourcePaths)
		cp.SourceContents = slices.Clone(c.SourceContents)
		return &cp
	case *instructions.AddCommand:
		cp := *c
		cp.SourcePaths = slices.Clone(c.SourcePaths)
		cp.SourceContents = slices.Clone(c.SourceContents)
		return &cp
	case *instructions.WorkdirCommand:
		cp := *c
		return &cp
	case *instructions.UserCommand:
		cp := *c
		return &cp
	case *instructions.VolumeCommand:
		cp := *c
		cp.Volumes = slices.Clone(c.Volumes)
		return &cp
	case *instructions.StopSignalCommand:
		cp := *c
		return &cp
	}
	return nil
}

// dispatch expands one command's words like dockerfile2llb's dispatch and
// applies what the checks observe of its effect. fresh is false when the
// step's command is the parser's, whose words need no expansion.
func (d *dispatcher) dispatch(s *stageState, st *step, fresh bool) {
	st.shell, st.workdirSet, st.os, st.expanded = s.shell, s.workdirSet, s.os, true
	d.m.steps = append(d.m.steps, st)
	arg, isArg := st.cmd.(*instructions.ArgCommand)
	if ex, ok := st.cmd.(instructions.SupportsSingleWordExpansion); ok && fresh && !isArg {
		if ex.Expand(d.recorder(s, st, d.x.Lex, d.x.Escape)) != nil {
			return
		}
	}
	if ex, ok := st.cmd.(instructions.SupportsSingleWordExpansionRaw); ok && fresh {
		if ex.ExpandRaw(d.recorder(s, st, d.x.RawLex(), '\\')) != nil {
			return
		}
	}
	switch c := st.cmd.(type) {
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			s.env.Set(kv.Key, kv.Value)
			s.image.Update(kv.Key, kv.Value)
		}
	case *instructions.ArgCommand:
		d.dispatchArg(s, st, arg, d.recorder(s, st, d.x.Lex, d.x.Escape))
	case *instructions.ShellCommand:
		s.shell = len(c.Shell) > 0
	case *instructions.WorkdirCommand:
		s.workdirSet = true
	case *instructions.ExposeCommand:
		d.dispatchExpose(s, st, c)
	}
}

// recorder is the word expander of one step: it expands in the stage's
// environment, records the word, and records the variables it referenced
// that are neither set nor declared, as BuildKit's reportUnmatchedVariables
// sees them. A failure marks the step as not expanded.
func (d *dispatcher) recorder(s *stageState, st *step, lex *shell.Lex, escape rune) instructions.SingleWordExpander {
	return func(word string) (string, error) {
		if word == "" {
			return "", nil
		}
		st.words = append(st.words, word)
		if dockerfile.Plain(word, escape) {
			return word, nil
		}
		if out, ok := dockerfile.Unquoted(lex, word, escape); ok {
			return out, nil
		}
		out, unmatched, err := lex.ProcessWord(word, s.env)
		st.unresolved = st.unresolved || len(unmatched) > 0
		var names []string
		for name := range unmatched {
			// A variable the base image may set is BuildKit's to judge,
			// with the image's config in hand.
			if s.imageEnvKnown && !s.declared[name] && !sbomScanArg(name) && !s.imageEnv.Sets(name) && !defaultedOnly(word, name) {
				names = append(names, name)
			}
		}
		if len(names) > 0 {
			slices.Sort(names)
			d.m.undefined = append(d.m.undefined, &undefinedRef{step: st, names: names, env: s.env, envAt: s.env.Len(), word: len(st.words) - 1})
		}
		if err != nil {
			st.expanded = false
		}
		return out, err
	}
}

// dispatchArg declares a stage's ARGs like dockerfile2llb's dispatchArg: a
// default is expanded in the stage's environment; an ARG without one takes
// the global scope's value; either way the name counts as declared.
// Expanding a default that fails stops the build after that name.
func (d *dispatcher) dispatchArg(s *stageState, st *step, c *instructions.ArgCommand, expand instructions.SingleWordExpander) {
	for _, kv := range c.Args {
		st.argsDispatched++
		var value string
		if kv.Value != nil {
			v, err := expand(*kv.Value)
			if err != nil {
				return
			}
			value = v
		} else if v, ok := d.m.global.Env.Get(kv.Key); ok {
			value = v
		} else {
			s.declared[kv.Key] = true
			continue
		}
		if !sbomScanArg(kv.Key) {
			s.env.Set(kv.Key, value)
		}
		s.declared[kv.Key] = true
	}
}

// dispatchExpose expands an EXPOSE's ports like dockerfile2llb's
// dispatchExpose: sorted, each expanded and split into words, stopping at
// the first that fails.
func (d *dispatcher) dispatchExpose(s *stageState, st *step, c *instructions.ExposeCommand) {
	ports := slices.Clone(c.Ports)
	slices.Sort(ports)
	spans := wordSpans(st.in, ports)
	for i, p := range ports {
		words, err := d.x.Words(p, s.env)
		if err != nil {
			return
		}
		st.ports = append(st.ports, words)
		st.portSpans = append(st.portSpans, spans[i])
	}
}

// defaultedOnly reports whether every reference to name in a word gives
// the unset case a value of its own (`${NAME:-default}`, `${NAME-x}`,
// `${NAME:+alt}`): the author has handled the variable being undefined,
// as `ARG APP_UID="${APP_UID:-6972}"` does on purpose. BuildKit still
// reports these; ballast does not (DIVERGENCES.md). A word the shell
// parser cannot read counts as not defaulted.
func defaultedOnly(word, name string) bool {
	f, err := syntax.NewParser().Document(strings.NewReader(word))
	if err != nil {
		return false
	}
	seen, guarded := 0, 0
	syntax.Walk(f, func(n syntax.Node) bool {
		pe, ok := n.(*syntax.ParamExp)
		if !ok || pe.Param == nil || pe.Param.Value != name {
			return true
		}
		seen++
		if pe.Exp != nil {
			switch pe.Exp.Op {
			case syntax.DefaultUnset, syntax.DefaultUnsetOrNull, syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
				guarded++
			default: // ${X:?}, ${X#…} and the rest read X as it is
			}
		}
		return true
	})
	return seen > 0 && seen == guarded
}
