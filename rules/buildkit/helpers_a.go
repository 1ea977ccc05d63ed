package buildkit

import (
	"bytes"
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
// its conversion-time checks observe (dockerfile2llb's buildMetaArgs,
// buildDispatchStates, resolveStages and dispatch): the global scope FROM
// lines expand in, which stage each FROM builds on, and, instruction by
// instruction, the environment words are expanded in, the SHELL and WORKDIR
// state, and ONBUILD triggers run by child stages. Nothing is resolved over
// the network: an image base is assumed to define PATH and nothing else, as
// BuildKit's own check harness assumed (every base image answered with PATH
// in its environment), and to set no SHELL and no WORKDIR.

// orderedEnv is an environment as BuildKit's llb.EnvList keeps it: Keys lists
// each variable once, ordered by when it was last set, which decides which of
// two equally close names a "did you mean" suggestion picks.
type orderedEnv struct {
	keys []string
	vals map[string]string
}

func newOrderedEnv() *orderedEnv { return &orderedEnv{vals: map[string]string{}} }

// Get implements shell.EnvGetter. Keys compare case-sensitively, as on the
// Linux builders the checks are written for.
func (e *orderedEnv) Get(key string) (string, bool) {
	v, ok := e.vals[key]
	return v, ok
}

// Keys implements shell.EnvGetter.
func (e *orderedEnv) Keys() []string { return e.keys }

func (e *orderedEnv) set(key, value string) {
	if _, ok := e.vals[key]; ok {
		e.keys = slices.DeleteFunc(e.keys, func(k string) bool { return k == key })
	}
	e.keys = append(e.keys, key)
	e.vals[key] = value
}

func (e *orderedEnv) clone() *orderedEnv {
	return &orderedEnv{keys: slices.Clone(e.keys), vals: maps.Clone(e.vals)}
}

// imageEnv is an image config's Env: setting a present key replaces it in
// place, as dockerfile2llb's addEnv does.
type imageEnv struct {
	keys []string
	vals map[string]string
}

func (e *imageEnv) set(key, value string) {
	if e.vals == nil {
		e.vals = map[string]string{}
	}
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = value
}

func (e *imageEnv) clone() imageEnv {
	return imageEnv{keys: slices.Clone(e.keys), vals: maps.Clone(e.vals)}
}

// The platform ballast assumes for the build and target when nothing says
// otherwise (BuildKit uses the builder's own).
const (
	defaultOS   = "linux"
	defaultArch = "amd64"
)

// sbomScanArgs are build arguments BuildKit never puts in the environment and
// never reports as undefined.
var sbomScanArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// predefinedArgs are the automatic platform arguments of the global scope
// (dockerfile2llb's defaultArgs) for a linux/amd64 build and target.
func predefinedArgs(target string) *orderedEnv {
	if target == "" {
		target = "default"
	}
	env := newOrderedEnv()
	for _, kv := range [...][2]string{
		{"BUILDPLATFORM", defaultOS + "/" + defaultArch},
		{"BUILDOS", defaultOS},
		{"BUILDOSVERSION", ""},
		{"BUILDARCH", defaultArch},
		{"BUILDVARIANT", ""},
		{"TARGETPLATFORM", defaultOS + "/" + defaultArch},
		{"TARGETOS", defaultOS},
		{"TARGETOSVERSION", ""},
		{"TARGETARCH", defaultArch},
		{"TARGETVARIANT", ""},
		{"TARGETSTAGE", target},
	} {
		env.set(kv[0], kv[1])
	}
	return env
}

// globalScope is what FROM lines and stage ARGs without a default see: the
// predefined platform arguments and the meta ARGs (those before the first
// FROM) with their default values, no --build-arg given.
type globalScope struct {
	env *orderedEnv
	// declared holds every meta ARG name, with or without a value.
	declared map[string]bool
}

// newGlobalScope evaluates the meta ARGs like dockerfile2llb's buildMetaArgs.
// An expansion error, which stops BuildKit's build, leaves that ARG unset.
func newGlobalScope(f *dockerfile.File, lex *shell.Lex) globalScope {
	target := ""
	if n := len(f.Stages); n > 0 {
		target = f.Stages[n-1].Name
	}
	g := globalScope{env: predefinedArgs(target), declared: map[string]bool{}}
	for _, in := range f.MetaArgs {
		arg, ok := in.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range arg.Args {
			g.declared[kv.Key] = true
			if kv.Value == nil {
				continue
			}
			v, err := lex.ProcessWordWithMatches(*kv.Value, g.env)
			if err != nil {
				continue
			}
			g.env.set(kv.Key, v.Result)
		}
	}
	return g
}

// newLex is BuildKit's word expander for the file's escape character.
func newLex(f *dockerfile.File) *shell.Lex { return shell.NewLex(escapeOf(f)) }

func escapeOf(f *dockerfile.File) rune {
	if f.Escape == 0 {
		return '\\'
	}
	return rune(f.Escape)
}

// platformOS is the operating system a --platform value names: BuildKit
// parses it with containerd's platforms package; only "windows" changes
// anything the checks look at.
func platformOS(platform string) string {
	first, _, _ := strings.Cut(platform, "/")
	if strings.EqualFold(first, "windows") {
		return "windows"
	}
	return defaultOS
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

// onFirstLine makes sp start on the instruction's first line, where BuildKit
// reports every conversion-time finding: a span further down is widened to
// start at the keyword.
func onFirstLine(f *dockerfile.File, in *dockerfile.Instruction, sp dockerfile.Span) dockerfile.Span {
	if f.Position(sp.Start).Line != in.StartLine {
		sp.Start = in.KeywordSpan.Start
	}
	return sp
}

// varSpan is where the variable name is referenced in in, searching the
// located text from index from; it falls back to the whole arguments.
func varSpan(f *dockerfile.File, in *dockerfile.Instruction, text *located, from int, name string) dockerfile.Span {
	if text != nil {
		if i, j, ok := varRef(text.s, name, from, f.Escape); ok {
			return onFirstLine(f, in, text.span(i, j))
		}
		if i, j, ok := varRef(text.s, name, 0, f.Escape); ok {
			return onFirstLine(f, in, text.span(i, j))
		}
	}
	if in.ArgsSpan.End > in.ArgsSpan.Start {
		return onFirstLine(f, in, in.ArgsSpan)
	}
	return in.KeywordSpan
}

// fromImageSpan is the image (or stage) word of a FROM line.
func fromImageSpan(from *dockerfile.Instruction) dockerfile.Span {
	if len(from.Args) > 0 {
		return from.Args[0].Span
	}
	return from.KeywordSpan
}

// dispatchAnalyzer runs the dispatch model over the Dockerfile once for all
// the checks that need it.
var dispatchAnalyzer = &analysis.Analyzer{
	Name:       "bkdispatch",
	Doc:        "BuildKit's conversion of a Dockerfile, as far as its checks observe it\n\nIt records, for every instruction of every stage, the environment words are expanded in and the SHELL and WORKDIR state.",
	Requires:   requires,
	Run:        runDispatch,
	ResultType: reflect.TypeFor[*dispatchResult](),
}

// requiresDispatch is what the conversion-time checks read.
var requiresDispatch = []*analysis.Analyzer{lint.DockerfileAnalyzer, dispatchAnalyzer}

func dispatchOf(pass *analysis.Pass) *dispatchResult {
	r, _ := pass.ResultOf[dispatchAnalyzer].(*dispatchResult)
	return r
}

// dispatchResult is the conversion of every stage, in BuildKit's order.
type dispatchResult struct {
	Steps      []*step
	Expansions []*expansion
}

// step is one instruction as a stage dispatches it.
type step struct {
	// In is the instruction; nil for an ONBUILD trigger of the parent stage,
	// which BuildKit runs at the start of the child stage and reports at
	// the child's FROM line, with no per-instruction check comments.
	In    *dockerfile.Instruction
	Stage *dockerfile.Stage
	// Cmd is the command after variable expansion; when there was nothing
	// to expand it is the parser's own command, shared by every rule: read
	// it, never change it.
	Cmd instructions.Command
	// Expanded is false when an expansion failed; BuildKit would stop the
	// build there.
	Expanded bool
	// Shell: a SHELL instruction is in effect (in this stage or one it
	// builds on).
	Shell bool
	// WorkdirSet: a WORKDIR ran earlier in this stage or one it builds on.
	WorkdirSet bool
	// OS is the stage platform's operating system.
	OS string

	// words are the non-empty words expanded so far, in order.
	words []string
}

// expansion is one word BuildKit expanded that referenced variables the
// environment lacks.
type expansion struct {
	Step *step
	// Unmatched are the variables the word referenced that were not in the
	// environment, sorted.
	Unmatched []string
	// Keys is the environment the word was expanded in, in BuildKit's order.
	Keys []string
	// Declared holds the ARG names the stage (or one it builds on) declared
	// before the word, with or without a value.
	Declared map[string]bool
	// word is the index of the word among the step's words.
	word int
}

// Span is where variable name is referenced, on the line BuildKit reports.
// The words an instruction expands come in source order, so following them
// through the instruction's text finds the one that referenced name.
func (x *expansion) Span(f *dockerfile.File, name string) dockerfile.Span {
	in := x.Step.In
	if in == nil {
		return fromImageSpan(x.Step.Stage.From)
	}
	text := instructionText(f, in)
	cursor, from := 0, 0
	for _, w := range x.Step.words[:x.word+1] {
		from = cursor
		if i := bytes.Index(text.s[cursor:], []byte(w)); i >= 0 {
			from = cursor + i
			cursor = from + len(w)
		}
	}
	return varSpan(f, in, text, from, name)
}

// Anchor is where a finding about the whole step goes: the instruction, or
// for a trigger the child stage's FROM.
func (s *step) Anchor() (*dockerfile.Instruction, dockerfile.Span) {
	if s.In == nil {
		return nil, fromImageSpan(s.Stage.From)
	}
	return s.In, s.In.KeywordSpan
}

// stageState is one stage during conversion.
type stageState struct {
	stage    *dockerfile.Stage
	base     *stageState
	baseName string
	os       string
	scratch  bool
	triggers []instructions.Command
	deps     []*stageState

	env        *orderedEnv
	image      imageEnv
	shell      bool
	workdirSet bool
	declared   map[string]bool
}

func runDispatch(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return &dispatchResult{}, nil
	}
	lex := newLex(f)
	global := newGlobalScope(f, lex)
	d := &dispatcher{f: f, lex: lex, global: global, silent: linter.New(&linter.Config{}), res: &dispatchResult{}, escape: escapeOf(f)}
	states := d.resolveStages()
	for _, st := range states {
		d.dispatchStage(st)
	}
	return d.res, nil
}

type dispatcher struct {
	f      *dockerfile.File
	lex    *shell.Lex
	global globalScope
	silent *linter.Linter
	res    *dispatchResult
	raw    *shell.Lex
	escape rune
}

// rawLex is the expander of COPY and ADD heredoc bodies: BuildKit's lexer
// with the default escape character that leaves quotes alone.
func (d *dispatcher) rawLex() *shell.Lex {
	if d.raw == nil {
		d.raw = shell.NewLex('\\')
		d.raw.SkipProcessQuotes = true
	}
	return d.raw
}

// resolveStages links every stage to the earlier stage its FROM names, and
// collects the ONBUILD triggers of the parent for the child stages that the
// last stage depends on, as BuildKit's resolveStages does.
func (d *dispatcher) resolveStages() []*stageState {
	var states []*stageState
	byName := map[string]*stageState{}
	for _, st := range d.f.Stages {
		s := &stageState{stage: st, os: defaultOS}
		if st.Typed != nil {
			if r, err := d.lex.ProcessWordWithMatches(st.Typed.BaseName, d.global.env); err == nil {
				s.baseName = r.Result
			}
			if p := st.Typed.Platform; p != "" {
				if r, err := d.lex.ProcessWordWithMatches(p, d.global.env); err == nil {
					s.os = platformOS(r.Result)
				}
			}
		}
		s.base = byName[s.baseName]
		s.scratch = s.base == nil && s.baseName == "scratch"
		if s.scratch {
			// BuildKit gives scratch the target platform whatever --platform says.
			s.os = defaultOS
		}
		if st.Name != "" {
			byName[st.Name] = s
		}
		states = append(states, s)
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
				cmd, err := parseTrigger(ob.Expression, d.silent)
				if err != nil {
					continue
				}
				s.triggers = append(s.triggers, cmd)
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
// then change. It takes a linter that reports nothing (instructions.
// ParseCommand's nil linter panics on a node with a `# check=` comment above).
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
// --mount from= (a mount without from= names "scratch").
func commandDeps(cmd instructions.Command, states []*stageState, byName map[string]*stageState) []*stageState {
	lookup := func(name string) *stageState {
		if i, err := strconv.Atoi(name); err == nil {
			if i >= 0 && i < len(states) {
				return states[i]
			}
			return nil
		}
		return byName[strings.ToLower(name)]
	}
	var deps []*stageState
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From != "" {
			if s := lookup(c.From); s != nil {
				deps = append(deps, s)
			}
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
		s.env = b.env.clone()
		s.image = b.image.clone()
		s.shell = b.shell
		s.workdirSet = b.workdirSet
		s.os = b.os
		s.declared = maps.Clone(b.declared)
	} else {
		s.env = newOrderedEnv()
		s.image.set("PATH", system.DefaultPathEnv(s.os))
		s.declared = map[string]bool{}
	}
	if _, ok := s.image.vals["PATH"]; !ok && s.os != "windows" {
		s.image.set("PATH", system.DefaultPathEnv(s.os))
	}
	for _, k := range s.image.keys {
		s.env.set(k, s.image.vals[k])
	}
	for _, cmd := range s.triggers {
		d.dispatch(s, &step{Stage: s.stage, Cmd: cmd}, true)
	}
	for _, in := range s.stage.Instructions {
		cmd, fresh := in.Command, expands(in)
		if fresh || cmd == nil {
			// Expansion rewrites the command: work on a fresh parse, never
			// on the parser's command that every rule shares.
			var err error
			if cmd, err = parseCommand(in.Node, d.silent); err != nil {
				continue
			}
			fresh = true
		}
		d.dispatch(s, &step{In: in, Stage: s.stage, Cmd: cmd}, fresh)
	}
}

// expands reports whether expanding in's words can find an undefined
// variable or change what the checks observe, so that the command must be
// expanded on a fresh parse: it is one BuildKit expands itself (RUN only the
// options of its --mount flags) and references a variable; WORKDIR always,
// as its expanded path is what WorkdirRelativePath checks. ENV without a
// variable is applied from the shared command (see dispatch).
func expands(in *dockerfile.Instruction) bool {
	switch strings.ToLower(in.Keyword) {
	case "workdir":
		return true
	case "env", "label", "copy", "add", "user", "volume", "stopsignal":
		return referencesVar(in)
	case "run":
		return in.Flag("mount") != nil && referencesVar(in)
	}
	return false
}

// referencesVar reports whether in's text or heredoc bodies hold a `$`.
func referencesVar(in *dockerfile.Instruction) bool {
	if strings.Contains(in.Node.Original, "$") {
		return true
	}
	for _, h := range in.Node.Heredocs {
		if strings.Contains(h.Content, "$") {
			return true
		}
	}
	return false
}

// plainWord reports whether BuildKit's lexer returns word unchanged, with
// nothing unmatched: it holds no character the lexer treats specially.
func plainWord(word string, escape rune) bool {
	return !strings.ContainsAny(word, "$<'\"\uFEFF") && !strings.ContainsRune(word, escape)
}

// dispatch expands one command's words like dockerfile2llb's dispatch and
// applies what the checks observe of its effect.
func (d *dispatcher) dispatch(s *stageState, st *step, fresh bool) {
	st.Shell, st.WorkdirSet, st.OS, st.Expanded = s.shell, s.workdirSet, s.os, true
	d.res.Steps = append(d.res.Steps, st)
	record := func(lex *shell.Lex, escape rune) instructions.SingleWordExpander {
		return func(word string) (string, error) {
			if word == "" {
				return "", nil
			}
			st.words = append(st.words, word)
			if plainWord(word, escape) {
				return word, nil
			}
			out, unmatched, err := lex.ProcessWord(word, s.env)
			if len(unmatched) > 0 {
				d.res.Expansions = append(d.res.Expansions, &expansion{
					Step:      st,
					Unmatched: slices.Sorted(maps.Keys(unmatched)),
					Keys:      slices.Clone(s.env.keys),
					Declared:  maps.Clone(s.declared),
					word:      len(st.words) - 1,
				})
			}
			if err != nil {
				st.Expanded = false
			}
			return out, err
		}
	}
	arg, isArg := st.Cmd.(*instructions.ArgCommand)
	if !fresh {
		// Nothing to expand: the parser's shared command is only read.
	} else if ex, ok := st.Cmd.(instructions.SupportsSingleWordExpansion); ok && !isArg {
		if ex.Expand(record(d.lex, d.escape)) != nil {
			return
		}
	}
	if ex, ok := st.Cmd.(instructions.SupportsSingleWordExpansionRaw); ok && fresh {
		if ex.ExpandRaw(record(d.rawLex(), '\\')) != nil {
			return
		}
	}
	switch c := st.Cmd.(type) {
	case *instructions.EnvCommand:
		for _, kv := range c.Env {
			k, v := kv.Key, kv.Value
			if !fresh {
				// No variable: only quotes and escapes to remove.
				k, _, _ = d.lex.ProcessWord(k, s.env)
				v, _, _ = d.lex.ProcessWord(v, s.env)
			}
			s.env.set(k, v)
			s.image.set(k, v)
		}
	case *instructions.ArgCommand:
		d.dispatchArg(s, arg, record(d.lex, d.escape))
	case *instructions.ShellCommand:
		s.shell = len(c.Shell) > 0
	case *instructions.WorkdirCommand:
		s.workdirSet = true
	}
}

// dispatchArg declares a stage's ARGs like dockerfile2llb's dispatchArg: a
// default is expanded in the stage's environment; an ARG without one takes
// the global scope's value; either way the name counts as declared.
func (d *dispatcher) dispatchArg(s *stageState, c *instructions.ArgCommand, expand instructions.SingleWordExpander) {
	for _, kv := range c.Args {
		var value *string
		if kv.Value != nil {
			v, err := expand(*kv.Value)
			if err != nil {
				return
			}
			value = &v
		} else if v, ok := d.global.env.Get(kv.Key); ok {
			value = &v
		}
		if value != nil && !sbomScanArgs[kv.Key] {
			s.env.set(kv.Key, *value)
		}
		s.declared[kv.Key] = true
	}
}
