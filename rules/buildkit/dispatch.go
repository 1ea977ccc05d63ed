package buildkit

import (
	"bytes"
	"iter"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/moby/buildkit/util/system"
	"golang.org/x/tools/go/analysis"
)

// This file models the part of BuildKit's Dockerfile-to-LLB conversion that
// its conversion-time checks observe (dockerfile2llb's defaultArgs,
// buildMetaArgs, buildDispatchStates, resolveStages and dispatch), once per
// Dockerfile for all of them: the global scope FROM lines expand in, which
// stage each FROM builds on, and, command by command in BuildKit's order
// (the ONBUILD triggers of a base stage first), the environment words are
// expanded in, the command after expansion, and the SHELL and WORKDIR state.
// Nothing is resolved over the network and no build argument is given: an
// image base is assumed to define PATH (the Linux default) and nothing else,
// as BuildKit's own check harness assumed (every base image answered with
// that PATH in its environment), and to set no SHELL and no WORKDIR.

// dispatchAnalyzer runs the dispatch model over the Dockerfile once for all
// the checks that need it.
var dispatchAnalyzer = &analysis.Analyzer{
	Name:       "bkdispatch",
	Doc:        "BuildKit's conversion of a Dockerfile, as far as its checks observe it\n\nIt records the global ARG scope and the FROM words expanded in it, and, for every command BuildKit dispatches (ONBUILD triggers of a base stage first), the command after variable expansion, the undefined variables it referenced, and the SHELL and WORKDIR state.",
	Requires:   requires,
	Run:        runDispatch,
	ResultType: reflect.TypeFor[*dispatchModel](),
}

// requiresDispatch is what the checks that read the dispatch model require.
var requiresDispatch = []*analysis.Analyzer{lint.DockerfileAnalyzer, dispatchAnalyzer}

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
	// global is the file's global scope (dockerfile.ScopeOf); nil for a
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

// sbomScanArgs are build arguments BuildKit never puts in the environment and
// never reports as undefined.
var sbomScanArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// fromExpansion is a FROM line's base name and --platform value expanded in
// the global scope. An error leaves the result unset but for the variables
// matched and unmatched before it.
type fromExpansion struct {
	stage                *dockerfile.Stage
	base, platform       shell.ProcessWordResult
	baseErr, platformErr error
}

// stageState is one stage during conversion.
type stageState struct {
	stage *dockerfile.Stage
	base  *stageState
	os    string
	// triggers are the ONBUILD instructions of the base stage that this
	// stage runs, with the commands they wrap.
	triggers []trigger
	deps     []*stageState

	env        *dockerfile.Env
	image      *dockerfile.Env
	shell      bool
	workdirSet bool
	declared   map[string]bool
}

type trigger struct {
	onbuild *dockerfile.Instruction
	cmd     instructions.Command
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
	d := &dispatcher{f: f, x: dockerfile.NewExpander(f), m: &dispatchModel{global: dockerfile.ScopeOf(f).Global, steps: make([]*step, 0, len(f.Instructions))}}
	for _, s := range d.resolveStages() {
		d.dispatchStage(s)
	}
	return d.m, nil
}

// silentLinter is a linter that reports nothing, for parsing commands again:
// instructions.ParseCommand's nil linter panics on a node with a `# check=`
// comment above.
func (d *dispatcher) silentLinter() *linter.Linter {
	if d.silent == nil {
		d.silent = linter.New(&linter.Config{})
	}
	return d.silent
}

// resolveStages expands every FROM line, links every stage to the earlier
// stage its FROM names, and collects the ONBUILD triggers of the parent for
// the child stages that the last stage depends on, as BuildKit's
// buildDispatchStates and resolveStages do.
func (d *dispatcher) resolveStages() []*stageState {
	global := d.m.global.Env
	d.m.from = make([]fromExpansion, len(d.f.Stages))
	states := make([]*stageState, 0, len(d.f.Stages))
	byName := map[string]*stageState{}
	withTriggers := false
	for i, st := range d.f.Stages {
		s := &stageState{stage: st, os: dockerfile.DefaultOS}
		x := &d.m.from[i]
		x.stage = st
		if st.Typed != nil {
			x.base, x.baseErr = d.x.WithMatches(st.Typed.BaseName, global)
			if x.baseErr == nil {
				s.base = byName[x.base.Result]
			}
			if p := st.Typed.Platform; p != "" {
				x.platform, x.platformErr = d.x.WithMatches(p, global)
				if x.platformErr == nil {
					s.os = platformOS(x.platform.Result)
				}
			}
			if s.base == nil && x.baseErr == nil && x.base.Result == "scratch" {
				// BuildKit gives scratch the target platform whatever
				// --platform says.
				s.os = dockerfile.DefaultOS
			}
		}
		if s.base != nil && hasOnbuild(s.base.stage) {
			withTriggers = true
		}
		if st.Name != "" {
			byName[st.Name] = s
		}
		states = append(states, s)
	}
	if !withTriggers {
		return states
	}
	// Stage names for COPY --from and RUN --mount from= resolve against
	// every stage, the last of a duplicated name winning.
	for _, s := range states {
		for _, in := range s.stage.Instructions {
			s.deps = append(s.deps, commandDeps(in.Command, states, byName)...)
		}
	}
	target := states[len(states)-1]
	initialized := map[*stageState]bool{}
	for {
		changed := false
		for s := range reachable(target) {
			if s.base == nil || initialized[s] {
				continue
			}
			initialized[s] = true
			for _, in := range s.base.stage.Instructions {
				ob, ok := in.Command.(*instructions.OnbuildCommand)
				if !ok {
					continue
				}
				cmd, err := parseTrigger(ob.Expression, d.silentLinter())
				if err != nil {
					continue
				}
				s.triggers = append(s.triggers, trigger{onbuild: in, cmd: cmd})
				if deps := commandDeps(cmd, states, byName); len(deps) > 0 {
					s.deps = append(s.deps, deps...)
					changed = true
				}
			}
		}
		if !changed {
			return states
		}
	}
}

// hasOnbuild reports whether a stage has an ONBUILD instruction.
func hasOnbuild(st *dockerfile.Stage) bool {
	for _, in := range st.Instructions {
		if _, ok := in.Command.(*instructions.OnbuildCommand); ok {
			return true
		}
	}
	return false
}

// platformOS is the operating system a --platform value names: BuildKit
// parses it with containerd's platforms package; only "windows" changes
// anything the checks look at.
func platformOS(platform string) string {
	first, _, _ := strings.Cut(platform, "/")
	if strings.EqualFold(first, "windows") {
		return "windows"
	}
	return dockerfile.DefaultOS
}

// parseTrigger parses an ONBUILD expression the way BuildKit's
// initOnBuildTriggers does.
func parseTrigger(expr string, silent *linter.Linter) (instructions.Command, error) {
	res, err := parser.Parse(strings.NewReader(expr))
	if err != nil {
		return nil, err
	}
	if len(res.AST.Children) != 1 {
		return nil, strconv.ErrSyntax
	}
	return parseCommand(res.AST.Children[0], silent)
}

// parseCommand parses a node into a fresh typed command, which expansion may
// then change.
func parseCommand(node *parser.Node, silent *linter.Linter) (instructions.Command, error) {
	v, err := instructions.ParseInstructionWithLinter(node, silent)
	if err != nil {
		return nil, err
	}
	cmd, ok := v.(instructions.Command)
	if !ok {
		return nil, strconv.ErrSyntax
	}
	return cmd, nil
}

// commandDeps are the stages a command reads from: COPY --from and RUN
// --mount from= (a mount without from= names "scratch", which is a stage
// only when one is named so; mounts look stages up by name only).
func commandDeps(cmd instructions.Command, states []*stageState, byName map[string]*stageState) []*stageState {
	var deps []*stageState
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			break
		}
		if i, err := strconv.Atoi(c.From); err == nil {
			if i >= 0 && i < len(states) {
				deps = append(deps, states[i])
			}
		} else if s := byName[strings.ToLower(c.From)]; s != nil {
			deps = append(deps, s)
		}
	case *instructions.RunCommand:
		for _, m := range instructions.GetMounts(c) {
			from := m.From
			if from == "" {
				from = "scratch"
			}
			if s := byName[strings.ToLower(from)]; s != nil {
				deps = append(deps, s)
			}
		}
	}
	return deps
}

func reachable(target *stageState) map[*stageState]bool {
	seen := map[*stageState]bool{}
	var visit func(*stageState)
	visit = func(s *stageState) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		visit(s.base)
		for _, dep := range s.deps {
			visit(dep)
		}
	}
	visit(target)
	return seen
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
		out, unmatched, err := lex.ProcessWord(word, s.env)
		var names []string
		for name := range unmatched {
			if !s.declared[name] && !sbomScanArgs[name] {
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
		if !sbomScanArgs[kv.Key] {
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

// firstLineSpan returns sp, stretched back to the instruction's keyword when
// it starts on a continuation line: BuildKit reports a finding on the first
// line of its instruction, and so must ballast.
func firstLineSpan(f *dockerfile.File, in *dockerfile.Instruction, sp dockerfile.Span) dockerfile.Span {
	if f.Position(sp.Start).Line != in.StartLine {
		sp.Start = in.KeywordSpan.Start
	}
	return sp
}

// fromBaseSpan is the base image (or stage) word of a FROM instruction.
func fromBaseSpan(from *dockerfile.Instruction) dockerfile.Span {
	if len(from.Args) > 0 {
		return from.Args[0].Span
	}
	return from.KeywordSpan
}

// varRef finds the first reference to the variable name in s at or after
// from that the escape character does not quote: `$name` or `${name…`. It
// returns the byte range of `$name`, or of `${name}` when the brace closes
// right after the name.
func varRef(s []byte, name string, from int, escape byte) (int, int, bool) {
	if name == "" {
		return 0, 0, false
	}
	for i := max(from, 0); i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == escape; j-- {
			n++
		}
		if n%2 == 1 {
			continue
		}
		at, brace := i+1, false
		if at < len(s) && s[at] == '{' {
			at, brace = at+1, true
		}
		if !bytes.HasPrefix(s[at:], []byte(name)) {
			continue
		}
		end := at + len(name)
		if end < len(s) && continuesName(name, rune(s[end])) {
			continue
		}
		if brace && end < len(s) && s[end] == '}' {
			end++
		}
		return i, end, true
	}
	return 0, 0, false
}

// continuesName reports whether r would have been read as part of name by
// BuildKit's lexer (digits-only names stop at a non-digit, special
// parameters are one character).
func continuesName(name string, r rune) bool {
	if _, err := strconv.Atoi(name); err == nil {
		return unicode.IsDigit(r)
	}
	if len(name) == 1 && strings.ContainsRune("@*#?-$!0", rune(name[0])) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

// located is text assembled from pieces of the Dockerfile with the source
// offset of every byte, so that a word BuildKit expands can be found again.
type located struct {
	s   []byte
	off []int
}

func (l *located) addSpan(src []byte, sp dockerfile.Span) {
	for i := sp.Start; i < sp.End && i < len(src); i++ {
		l.s = append(l.s, src[i])
		l.off = append(l.off, i)
	}
	l.sep()
}

func (l *located) addArgs(in *dockerfile.Instruction) {
	text := in.ArgsText()
	for i := 0; i < len(text); i++ {
		l.s = append(l.s, text[i])
		l.off = append(l.off, in.ArgsTextSpan(i, i+1).Start)
	}
	l.sep()
}

// sep keeps pieces apart so that a search never matches across two of them.
func (l *located) sep() {
	at := 0
	if n := len(l.off); n > 0 {
		at = l.off[n-1] + 1
	}
	l.s = append(l.s, 0)
	l.off = append(l.off, at)
}

// span maps [i, j) of the text back to the source.
func (l *located) span(i, j int) dockerfile.Span {
	if len(l.off) == 0 {
		return dockerfile.Span{}
	}
	i = min(i, len(l.off)-1)
	if j <= i {
		return dockerfile.Span{Start: l.off[i], End: l.off[i]}
	}
	j = min(j, len(l.off))
	return dockerfile.Span{Start: l.off[i], End: l.off[j-1] + 1}
}

// instructionText is everything of in that BuildKit may expand: its flags,
// its arguments and its heredoc bodies, in source order.
func instructionText(f *dockerfile.File, in *dockerfile.Instruction) *located {
	l := &located{}
	for _, fl := range in.Flags {
		l.addSpan(f.Src, fl.Span)
	}
	l.addArgs(in)
	for _, h := range in.Heredocs {
		l.addSpan(f.Src, h.Body)
	}
	return l
}

// varSpan is where the variable name is referenced in in, searching the
// located text from index from; it falls back to the whole arguments.
func varSpan(f *dockerfile.File, in *dockerfile.Instruction, text *located, from int, name string) dockerfile.Span {
	if i, j, ok := varRef(text.s, name, from, f.Escape); ok {
		return firstLineSpan(f, in, text.span(i, j))
	}
	if i, j, ok := varRef(text.s, name, 0, f.Escape); ok {
		return firstLineSpan(f, in, text.span(i, j))
	}
	if in.ArgsSpan.End > in.ArgsSpan.Start {
		return firstLineSpan(f, in, in.ArgsSpan)
	}
	return in.KeywordSpan
}

// argWord is a word of an instruction's logical argument text, split on
// unquoted blanks the way BuildKit's key=value parsers split it, with its
// position in ArgsText.
type argWord struct {
	text       string
	start, end int
}

// argWords splits the instruction's argument text into words, keeping
// quotes and escapes as written.
func argWords(in *dockerfile.Instruction, escape byte) []argWord {
	s := in.ArgsText()
	var words []argWord
	i := 0
	for i < len(s) {
		for i < len(s) && isBlank(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		var quote byte
		for i < len(s) {
			c := s[i]
			if quote != 0 {
				if c == escape && quote == '"' && i+1 < len(s) {
					i += 2
					continue
				}
				if c == quote {
					quote = 0
				}
				i++
				continue
			}
			if isBlank(c) {
				break
			}
			if c == escape && i+1 < len(s) {
				i += 2
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			}
			i++
		}
		words = append(words, argWord{text: s[start:i], start: start, end: i})
	}
	return words
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// keySpans finds, in order, the source span of each key of an ARG, ENV or
// LABEL instruction: the part of a word before `=`, or the first word of
// the legacy `KEY value` form. A key not found gets the keyword's span.
func keySpans(in *dockerfile.Instruction, escape byte, keys []string) []dockerfile.Span {
	words := argWords(in, escape)
	spans := make([]dockerfile.Span, len(keys))
	next := 0
	for k, key := range keys {
		spans[k] = in.KeywordSpan
		for w := next; w < len(words); w++ {
			name, _, _ := strings.Cut(words[w].text, "=")
			if name == key || unquote(name) == key {
				spans[k] = in.ArgsTextSpan(words[w].start, words[w].start+len(name))
				next = w + 1
				break
			}
		}
	}
	return spans
}

// lazyKeySpans is keySpans computed on first use: most instructions have
// nothing to report.
func lazyKeySpans(in *dockerfile.Instruction, escape byte, keys []string) func(i int) dockerfile.Span {
	var spans []dockerfile.Span
	return func(i int) dockerfile.Span {
		if spans == nil {
			spans = keySpans(in, escape, keys)
		}
		return spans[i]
	}
}

// unquote drops one pair of surrounding quotes.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// wordSpans maps values (as BuildKit's typed command holds them, in any
// order) back to the instruction's argument words: each value takes the
// first unused word that equals it. Unmatched values get the span of the
// arguments.
func wordSpans(in *dockerfile.Instruction, values []string) []dockerfile.Span {
	used := make([]bool, len(in.Args))
	spans := make([]dockerfile.Span, len(values))
	for i, v := range values {
		spans[i] = in.ArgsSpan
		for w, word := range in.Args {
			if !used[w] && word.Value == v {
				used[w] = true
				spans[i] = word.Span
				break
			}
		}
	}
	return spans
}
