package buildkit

import (
	"net"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"golang.org/x/tools/go/analysis"
)

// This file replays the part of BuildKit's Dockerfile-to-LLB conversion that
// the conversion-time checks depend on, without images or a build context:
// the global (meta) ARG values with defaults only, which stage each FROM
// builds on, the order in which commands are dispatched (ONBUILD triggers of
// a base stage first), and the environment each command sees when its words
// are expanded.

// defaultPathEnv is the PATH BuildKit gives every Linux stage whose base
// image does not set one (system.DefaultPathEnv).
const defaultPathEnv = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// envList is an ordered environment, the shell.EnvGetter that expansion
// reads. Keys are case-sensitive, as on Linux.
type envList struct {
	keys []string
	vals map[string]string
}

func newEnvList() *envList { return &envList{vals: map[string]string{}} }

func (e *envList) Get(key string) (string, bool) {
	v, ok := e.vals[key]
	return v, ok
}

func (e *envList) Keys() []string { return e.keys }

func (e *envList) set(key, value string) {
	if _, ok := e.vals[key]; !ok {
		e.keys = append(e.keys, key)
	}
	e.vals[key] = value
}

func (e *envList) clone() *envList {
	c := &envList{keys: slices.Clone(e.keys), vals: make(map[string]string, len(e.vals))}
	for k, v := range e.vals {
		c.vals[k] = v
	}
	return c
}

// wordLexer is BuildKit's word expander (shell.Lex) for the file's escape
// character, with a shortcut: a word with no variable, quote, escape, `<`
// or blank is returned as it is without running the lexer, which is what
// the lexer would return. Most words are plain, and the shortcut saves most
// of the cost of replaying the conversion.
type wordLexer struct {
	lex    *shell.Lex
	escape rune
}

// lexer returns the file's word expander.
func lexer(f *dockerfile.File) *wordLexer {
	return &wordLexer{lex: shell.NewLex(rune(f.Escape)), escape: rune(f.Escape)}
}

func (l *wordLexer) plain(w string) bool {
	for _, c := range w {
		if c == '$' || c == '\'' || c == '"' || c == '<' || c == l.escape || unicode.IsSpace(c) {
			return false
		}
	}
	return true
}

// word is lex.ProcessWord without the unmatched names.
func (l *wordLexer) word(w string, env shell.EnvGetter) (string, error) {
	if l.plain(w) {
		return w, nil
	}
	v, _, err := l.lex.ProcessWord(w, env)
	return v, err
}

// words is lex.ProcessWords: expansion, then splitting into words.
func (l *wordLexer) words(w string, env shell.EnvGetter) ([]string, error) {
	if l.plain(w) {
		if w == "" {
			return nil, nil
		}
		return []string{w}, nil
	}
	return l.lex.ProcessWords(w, env)
}

// withMatches is lex.ProcessWordWithMatches.
func (l *wordLexer) withMatches(w string, env shell.EnvGetter) (shell.ProcessWordResult, error) {
	if l.plain(w) {
		return shell.ProcessWordResult{Result: w}, nil
	}
	return l.lex.ProcessWordWithMatches(w, env)
}

// globalArgDefaults is the environment FROM lines are expanded in when no
// build argument is given: BuildKit's predefined platform arguments, for a
// linux/amd64 build and target (ballast never knows the builder's platform),
// then every meta ARG with its default value expanded in order. ok is false
// when a default fails to expand; BuildKit then stops with an error.
func globalArgDefaults(f *dockerfile.File, lex *wordLexer) (env *envList, ok bool) {
	env = newEnvList()
	target := "default"
	if n := len(f.Stages); n > 0 && f.Stages[n-1].Name != "" {
		target = f.Stages[n-1].Name
	}
	for _, kv := range [...][2]string{
		{"BUILDPLATFORM", "linux/amd64"},
		{"BUILDOS", "linux"},
		{"BUILDOSVERSION", ""},
		{"BUILDARCH", "amd64"},
		{"BUILDVARIANT", ""},
		{"TARGETPLATFORM", "linux/amd64"},
		{"TARGETOS", "linux"},
		{"TARGETOSVERSION", ""},
		{"TARGETARCH", "amd64"},
		{"TARGETVARIANT", ""},
		{"TARGETSTAGE", target},
	} {
		env.set(kv[0], kv[1])
	}
	for _, in := range f.MetaArgs {
		arg, isArg := in.Command.(*instructions.ArgCommand)
		if !isArg {
			continue
		}
		for _, kv := range arg.Args {
			if kv.Value == nil {
				continue
			}
			v, err := lex.word(*kv.Value, env)
			if err != nil {
				return env, false
			}
			env.set(kv.Key, v)
		}
	}
	return env, true
}

// planAnalyzer replays BuildKit's dispatch once per Dockerfile for the
// checks BK012–BK022 that observe it.
var planAnalyzer = &analysis.Analyzer{
	Name:       "bkplan",
	Doc:        "the commands BuildKit dispatches when it checks a Dockerfile\n\nStage by stage, ONBUILD triggers of a base stage first, with the words BuildKit expands (ENV keys, COPY and ADD sources, EXPOSE ports) expanded in the environment of their stage.",
	Requires:   requires,
	Run:        runPlan,
	ResultType: reflect.TypeFor[*dispatchPlan](),
}

// requiresPlan is what the checks that read the dispatch plan require.
var requiresPlan = []*analysis.Analyzer{lint.DockerfileAnalyzer, planAnalyzer}

// dispatchPlan is what BuildKit's conversion computes before and while it
// dispatches the commands.
type dispatchPlan struct {
	// globalOK is false when a meta ARG default fails to expand: BuildKit
	// stops before any stage, and the plan is empty.
	globalOK bool
	// global is the environment FROM lines are expanded in.
	global *envList
	// from holds each stage's FROM words expanded in global, by stage index.
	from []fromExpansion
	// cmds is every command BuildKit dispatches, in order.
	cmds []*dispatched
}

// fromExpansion is a FROM line's base name and --platform value expanded
// with the meta ARG defaults. An error leaves the result unset.
type fromExpansion struct {
	base, platform       shell.ProcessWordResult
	baseErr, platformErr error
}

// planOf returns the pass's dispatch plan (empty for a unit without a
// Dockerfile).
func planOf(pass *analysis.Pass) *dispatchPlan {
	p, _ := pass.ResultOf[planAnalyzer].(*dispatchPlan)
	if p == nil {
		return &dispatchPlan{}
	}
	return p
}

func runPlan(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return &dispatchPlan{}, nil
	}
	return planDispatch(f), nil
}

// dispatched is one command as BuildKit's converter dispatches it.
type dispatched struct {
	stage *dockerfile.Stage
	// in is the instruction as written; for a replayed ONBUILD trigger, the
	// instruction ONBUILD wraps.
	in  *dockerfile.Instruction
	cmd instructions.Command
	// trigger is set for an ONBUILD trigger of the base stage that BuildKit
	// runs at the start of this stage: the FROM line that runs it, where
	// BuildKit reports anything the trigger causes.
	trigger *dockerfile.Instruction

	// expandFailed: expanding the command's words failed, so BuildKit's
	// build stops before the command does anything (ENV, LABEL, COPY, ADD).
	expandFailed bool
	// envKeys are an ENV's keys after expansion.
	envKeys []string
	// argsDispatched counts the names of an ARG that BuildKit gets to: all
	// of them, unless expanding a default fails (the build stops after
	// checking that name).
	argsDispatched int
	// sources are a COPY's or ADD's source paths after expansion.
	sources []string
	// ports are an EXPOSE's arguments in BuildKit's (sorted) order, each
	// expanded and split into words; portSpans are their words in the
	// source. An argument whose expansion fails ends the list.
	ports     [][]string
	portSpans []dockerfile.Span
}

// checkAt is the instruction whose `# check=` comment governs findings of
// this command: none for a replayed trigger (the file's directive only).
func (d *dispatched) checkAt() *dockerfile.Instruction {
	if d.trigger != nil {
		return nil
	}
	return d.in
}

// at returns where to report a finding at sp in this command: sp, kept on
// the instruction's first line (see firstLineSpan), or for a replayed
// trigger the base name on the FROM line that runs it, since BuildKit
// reports triggers on that line.
func (d *dispatched) at(f *dockerfile.File, sp dockerfile.Span) dockerfile.Span {
	if d.trigger != nil {
		return firstLineSpan(f, d.trigger, fromBaseSpan(d.trigger))
	}
	return firstLineSpan(f, d.in, sp)
}

// firstLineSpan returns sp, stretched back to the instruction's keyword when
// it starts on a continuation line: BuildKit reports a finding on the first
// line of its instruction, and so must ballast.
func firstLineSpan(f *dockerfile.File, in *dockerfile.Instruction, sp dockerfile.Span) dockerfile.Span {
	if f.Position(sp.Start).Line > f.Position(in.KeywordSpan.Start).Line {
		sp.Start = in.KeywordSpan.Start
	}
	return sp
}

// fromBaseSpan is the base image word of a FROM instruction.
func fromBaseSpan(from *dockerfile.Instruction) dockerfile.Span {
	if len(from.Args) > 0 {
		return from.Args[0].Span
	}
	return from.KeywordSpan
}

// expandFroms expands every stage's base name and --platform value.
func expandFroms(f *dockerfile.File, lex *wordLexer, global *envList) []fromExpansion {
	out := make([]fromExpansion, len(f.Stages))
	for i, st := range f.Stages {
		if st.Typed == nil {
			continue
		}
		x := &out[i]
		x.base, x.baseErr = lex.withMatches(st.Typed.BaseName, global)
		if st.Typed.Platform != "" {
			x.platform, x.platformErr = lex.withMatches(st.Typed.Platform, global)
		}
	}
	return out
}

// stageBases returns, for every stage, the index of the earlier stage it
// builds on (FROM <stage name>), or -1 for an image. The expanded base name
// is looked up as BuildKit does: among the stages declared before, by exact
// (lower-case) name.
func stageBases(f *dockerfile.File, from []fromExpansion) []int {
	bases := make([]int, len(f.Stages))
	byName := map[string]int{}
	for i, st := range f.Stages {
		bases[i] = -1
		if st.Typed != nil {
			name := st.Typed.BaseName
			if from[i].baseErr == nil {
				name = from[i].base.Result
			}
			if j, ok := byName[name]; ok {
				bases[i] = j
			}
		}
		if st.Name != "" {
			byName[st.Name] = i
		}
	}
	return bases
}

// stageByRef resolves a COPY --from or mount from= value to a stage index:
// a stage name (any case) or a stage number; -1 for an image.
func stageByRef(f *dockerfile.File, ref string) int {
	if n, err := strconv.Atoi(ref); err == nil {
		if n >= 0 && n < len(f.Stages) {
			return n
		}
		return -1
	}
	ref = strings.ToLower(ref)
	found := -1
	for i, st := range f.Stages {
		if st.Name == ref {
			found = i // a later duplicate wins, as in BuildKit's name index
		}
	}
	return found
}

// stageDeps lists the stages a command reads from: COPY --from and RUN
// --mount from= (a mount without from= names "scratch", which is a stage
// only when one is named so).
func stageDeps(f *dockerfile.File, cmd instructions.Command) []int {
	var deps []int
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From != "" {
			if i := stageByRef(f, c.From); i >= 0 {
				deps = append(deps, i)
			}
		}
	case *instructions.RunCommand:
		for _, m := range instructions.GetMounts(c) {
			from := m.From
			if from == "" {
				from = "scratch"
			}
			if _, err := strconv.Atoi(from); err == nil {
				continue // mounts look stages up by name only
			}
			if i := stageByRef(f, from); i >= 0 {
				deps = append(deps, i)
			}
		}
	}
	return deps
}

// onbuildTriggers lists the ONBUILD instructions of a stage, as the wrapped
// instructions, in order.
func onbuildTriggers(st *dockerfile.Stage) []*dockerfile.Instruction {
	var out []*dockerfile.Instruction
	for _, in := range st.Instructions {
		if in.Onbuild != nil && in.Onbuild.Command != nil {
			out = append(out, in.Onbuild)
		}
	}
	return out
}

// hasOnbuild reports whether any stage has an ONBUILD instruction.
func hasOnbuild(f *dockerfile.File) bool {
	for _, st := range f.Stages {
		if len(onbuildTriggers(st)) > 0 {
			return true
		}
	}
	return false
}

// reachableStages marks the stages the default target (the last stage)
// depends on through its base, COPY --from and mounts, including those the
// ONBUILD triggers it inherits add. BuildKit replays ONBUILD triggers only
// in these stages, although it checks every stage.
func reachableStages(f *dockerfile.File, bases []int) []bool {
	reach := make([]bool, len(f.Stages))
	if len(f.Stages) == 0 {
		return reach
	}
	var visit func(int)
	visit = func(i int) {
		if reach[i] {
			return
		}
		reach[i] = true
		if bases[i] >= 0 {
			visit(bases[i])
		}
		for _, in := range f.Stages[i].Instructions {
			for _, d := range stageDeps(f, in.Command) {
				visit(d)
			}
		}
	}
	visit(len(f.Stages) - 1)
	for changed := true; changed; {
		changed = false
		for i := range f.Stages {
			if !reach[i] || bases[i] < 0 {
				continue
			}
			for _, trig := range onbuildTriggers(f.Stages[bases[i]]) {
				for _, d := range stageDeps(f, trig.Command) {
					if !reach[d] {
						visit(d)
						changed = true
					}
				}
			}
		}
	}
	return reach
}

// planDispatch lists every command BuildKit dispatches when it checks the
// file, stage by stage in order, ONBUILD triggers inherited from a base
// stage first, and expands the words the checks read in the environment of
// the command: the base stage's final environment (or PATH alone for an
// image, whose own ENV ballast cannot know), then ENV and ARG values as
// they are dispatched, with meta ARG defaults and no build arguments.
func planDispatch(f *dockerfile.File) *dispatchPlan {
	lex := lexer(f)
	global, ok := globalArgDefaults(f, lex)
	plan := &dispatchPlan{global: global, globalOK: ok}
	if !ok {
		return plan
	}
	plan.from = expandFroms(f, lex, global)
	bases := stageBases(f, plan.from)
	var reach []bool
	if hasOnbuild(f) {
		reach = reachableStages(f, bases)
	}
	finalEnv := make([]*envList, len(f.Stages))
	for i, st := range f.Stages {
		var env *envList
		if b := bases[i]; b >= 0 && finalEnv[b] != nil {
			env = finalEnv[b].clone()
		} else {
			env = newEnvList()
		}
		if _, ok := env.Get("PATH"); !ok {
			env.set("PATH", defaultPathEnv)
		}
		var cmds []*dispatched
		if b := bases[i]; b >= 0 && reach != nil && reach[i] {
			for _, trig := range onbuildTriggers(f.Stages[b]) {
				cmds = append(cmds, &dispatched{stage: st, in: trig, cmd: trig.Command, trigger: st.From})
			}
		}
		for _, in := range st.Instructions {
			if in.Command != nil {
				cmds = append(cmds, &dispatched{stage: st, in: in, cmd: in.Command})
			}
		}
		for _, d := range cmds {
			d.expand(env, global, lex)
		}
		plan.cmds = append(plan.cmds, cmds...)
		finalEnv[i] = env
	}
	return plan
}

// nonEnvArgs are ARGs BuildKit never puts in the environment.
var nonEnvArgs = map[string]bool{"BUILDKIT_SBOM_SCAN_CONTEXT": true, "BUILDKIT_SBOM_SCAN_STAGE": true}

// expand records the expanded words of d that the checks read, then applies
// what an ENV or ARG defines to env. ENV keys and values are all expanded
// in the environment before the instruction; ARG defaults one after the
// other; an ARG without a default takes the global value.
func (d *dispatched) expand(env, global *envList, lex *wordLexer) {
	word := func(w string) string {
		v, err := lex.word(w, env)
		if err != nil {
			d.expandFailed = true
		}
		return v
	}
	switch c := d.cmd.(type) {
	case *instructions.EnvCommand:
		vals := make([]string, len(c.Env))
		for i, kv := range c.Env {
			d.envKeys = append(d.envKeys, word(kv.Key))
			vals[i] = word(kv.Value)
		}
		if !d.expandFailed {
			for i, k := range d.envKeys {
				env.set(k, vals[i])
			}
		}
	case *instructions.LabelCommand:
		for _, kv := range c.Labels {
			word(kv.Key)
			word(kv.Value)
		}
	case *instructions.CopyCommand:
		word(c.Chown)
		word(c.Chmod)
		d.expandSources(c.SourcesAndDest, word)
	case *instructions.AddCommand:
		word(c.Chown)
		word(c.Chmod)
		word(c.Checksum)
		d.expandSources(c.SourcesAndDest, word)
	case *instructions.ExposeCommand:
		ports := slices.Clone(c.Ports)
		slices.Sort(ports)
		spans := wordSpans(d.in, ports)
		for i, p := range ports {
			words, err := lex.words(p, env)
			if err != nil {
				break
			}
			d.ports = append(d.ports, words)
			d.portSpans = append(d.portSpans, spans[i])
		}
	case *instructions.ArgCommand:
		for _, kv := range c.Args {
			d.argsDispatched++
			var value string
			if kv.Value != nil {
				v, err := lex.word(*kv.Value, env)
				if err != nil {
					d.expandFailed = true
					return // the build stops here
				}
				value = v
			} else if v, ok := global.Get(kv.Key); ok {
				value = v
			} else {
				continue
			}
			if !nonEnvArgs[kv.Key] {
				env.set(kv.Key, value)
			}
		}
	}
}

func (d *dispatched) expandSources(sd instructions.SourcesAndDest, word func(string) string) {
	for _, src := range sd.SourcePaths {
		d.sources = append(d.sources, word(src))
	}
	word(sd.DestPath)
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

// exposedPort is one port of an EXPOSE instruction after expansion, with
// the parts BuildKit's port parser splits it into.
type exposedPort struct {
	raw      string // the expanded port spec, as BuildKit quotes it
	span     dockerfile.Span
	proto    string // as written; "" when absent
	ip, host string // host IP and host port of an ip:host:container mapping
}

// exposedPorts replays BuildKit's EXPOSE dispatch over the expanded
// ports: each word is parsed as [ip:][host:]container[/proto]. It stops
// where BuildKit's build would fail (an expansion error, a missing port, an
// unknown protocol, an invalid IP address or port range), after the ports
// before it.
func exposedPorts(f *dockerfile.File, d *dispatched) []exposedPort {
	var out []exposedPort
	for i, words := range d.ports {
		for _, w := range words {
			ep, valid := parseExposedPort(w)
			ep.span = d.at(f, d.portSpans[i])
			if ep.raw != "" {
				out = append(out, ep)
			}
			if !valid {
				return out
			}
		}
	}
	return out
}

// parseExposedPort splits a port spec as BuildKit's EXPOSE parser does. The
// result has raw == "" when BuildKit fails before checking it; valid is
// false when the build fails on this port.
func parseExposedPort(spec string) (ep exposedPort, valid bool) {
	parts := strings.Split(spec, ":")
	var container string
	switch n := len(parts); n {
	case 1:
		container = parts[0]
	case 2:
		ep.host, container = parts[0], parts[1]
	default:
		ep.ip, ep.host, container = strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1]
	}
	port, proto, _ := strings.Cut(container, "/")
	if port == "" {
		return exposedPort{}, false
	}
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return exposedPort{}, false
	}
	ep.raw, ep.proto = spec, proto
	ip := ep.ip
	if strings.HasPrefix(ip, "[") && strings.HasSuffix(ip, "]") {
		ip = ip[1 : len(ip)-1]
	}
	if ep.ip != "" && net.ParseIP(ip) == nil {
		return ep, false
	}
	start, end, ok := portRange(port)
	if !ok {
		return ep, false
	}
	if ep.host != "" {
		hs, he, ok := portRange(ep.host)
		if !ok || (end-start != he-hs && end != start) {
			return ep, false
		}
	}
	return ep, true
}

// portRange parses "80" or "8000-8010".
func portRange(s string) (start, end int, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	lo, hi, isRange := strings.Cut(s, "-")
	start, ok = portNumber(lo)
	if !ok {
		return 0, 0, false
	}
	if !isRange || lo == hi {
		return start, start, true
	}
	end, ok = portNumber(hi)
	if !ok || end < start {
		return 0, 0, false
	}
	return start, end, true
}

func portNumber(s string) (int, bool) {
	n, err := strconv.ParseInt(s, 10, 0)
	if err != nil || n < 0 || n > 65535 {
		return 0, false
	}
	return int(n), true
}
