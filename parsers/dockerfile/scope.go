package dockerfile

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// This file holds the one model of BuildKit's variable scope that every rule
// family reads: the environment words expand in (Env), the expander with
// BuildKit's lexer (Expander), the automatic platform arguments, the global
// scope FROM lines expand in (GlobalScope), and, per stage, the parent it
// builds on, the ENV values set before an instruction and the values of
// its ARGs (Scope). A static tool knows no --build-arg: every ARG takes its
// default.

// The platform ballast assumes for the build and the target when nothing
// says otherwise (BuildKit uses the builder's own).
const (
	DefaultOS   = "linux"
	DefaultArch = "amd64"
)

// Platform is a build or target platform as the automatic platform
// arguments describe it.
type Platform struct{ OS, Arch, Variant string }

// DefaultPlatform is linux/amd64.
var DefaultPlatform = Platform{OS: DefaultOS, Arch: DefaultArch}

// String is "os/arch" or "os/arch/variant".
func (p Platform) String() string {
	s := p.OS + "/" + p.Arch
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// PlatformArgs are the names of BuildKit's automatic platform arguments,
// in the order dockerfile2llb's defaultArgs sets them.
var PlatformArgs = [...]string{
	"BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT",
	"TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT",
}

// platformArgValues are the values of PlatformArgs for a build and target
// on p.
func platformArgValues(p Platform) [len(PlatformArgs)]string {
	one := [5]string{p.String(), p.OS, "", p.Arch, p.Variant}
	var v [len(PlatformArgs)]string
	copy(v[:5], one[:])
	copy(v[5:], one[:])
	return v
}

// GlobalScope is what FROM lines and stage ARGs without a default see: the
// automatic platform arguments, TARGETSTAGE and the meta ARGs (those before
// the first FROM) with their default values, as dockerfile2llb's
// buildMetaArgs computes it.
type GlobalScope struct {
	Env *Env
	// Declared holds every meta ARG name, with or without a value.
	Declared map[string]bool
	// replaced has a bit set for each of PlatformArgs that a meta ARG
	// default replaced (see Automatic).
	replaced uint16
	// Platform is the platform the automatic arguments describe.
	Platform Platform
	// OK is false when a meta ARG default fails to expand: BuildKit stops
	// with an error before any stage. That ARG is left unset.
	OK bool
}

// GlobalScopeOn evaluates the meta ARGs with the automatic platform
// arguments of a build and target on p. ScopeOf(f).Global is the one for
// DefaultPlatform, computed once.
func (f *File) GlobalScopeOn(p Platform, x *Expander) *GlobalScope {
	target := "default"
	if n := len(f.Stages); n > 0 && f.Stages[n-1].Name != "" {
		target = f.Stages[n-1].Name
	}
	env := NewEnv(len(PlatformArgs) + 1 + len(f.MetaArgs))
	g := &GlobalScope{Env: env, Declared: map[string]bool{}, Platform: p, OK: true}
	for i, v := range platformArgValues(p) {
		env.Set(PlatformArgs[i], v)
	}
	env.Set("TARGETSTAGE", target)
	for _, in := range f.MetaArgs {
		arg, ok := in.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range arg.Args {
			g.Declared[kv.Key] = true
			if kv.Value == nil {
				continue
			}
			if i := slices.Index(PlatformArgs[:], kv.Key); i >= 0 {
				g.replaced |= 1 << i
			}
			v, _, err := x.Word(*kv.Value, env)
			if err != nil {
				g.OK = false
				continue
			}
			env.Set(kv.Key, v)
		}
	}
	return g
}

// Automatic reports whether name is a platform argument no meta ARG default
// replaced: it stands for the build's own platform, not for a choice in the
// Dockerfile.
func (g *GlobalScope) Automatic(name string) bool {
	i := slices.Index(PlatformArgs[:], name)
	return i >= 0 && g.replaced&(1<<i) == 0
}

// Scope is the file's variable scope, computed once (ScopeOf): the global
// scope, and an index that answers the questions rules ask of every
// instruction — which stage a stage builds on, which ENV last set a name —
// without walking the instructions before it each time, which on a file of
// many thousand instructions would make the questions cost the square of
// its length.
type Scope struct {
	// Global is the global scope for a linux/amd64 build.
	Global *GlobalScope

	f *File
	// The index is built on first use: BuildKit's checks read the global
	// scope only.
	indexOnce sync.Once
	index     stageIndex
	// The ARG values need the word expander: only rules that read a
	// stage's ARGs build them.
	argsOnce sync.Once
	args     []map[string][]envSet
}

// stageIndex is the part of Scope built on first use.
type stageIndex struct {
	// parents holds each stage's parent, by stage index.
	parents []*Stage
	// env holds, by stage index, every name its ENV instructions set, with
	// where and to what, in source order.
	env []map[string][]envSet
}

// envSet is one name=value pair of an ENV, at its instruction's index in
// the stage.
type envSet struct {
	index int
	value string
}

// ScopeOf returns f's scope, built on first use; rules of one unit may ask
// for it concurrently.
func ScopeOf(f *File) *Scope {
	f.scopeOnce.Do(func() {
		f.varScope = &Scope{Global: f.GlobalScopeOn(DefaultPlatform, NewExpander(f)), f: f}
	})
	return f.varScope
}

// stages returns the stage index, built on first use.
func (sc *Scope) stages() *stageIndex {
	sc.indexOnce.Do(func() {
		f := sc.f
		ix := &sc.index
		ix.parents = make([]*Stage, len(f.Stages))
		ix.env = make([]map[string][]envSet, len(f.Stages))
		byName := map[string]*Stage{}
		// Unicode case folding can match names that lower-case apart.
		folded := false
		for i, st := range f.Stages {
			if st.Typed != nil {
				if folded || !isASCII(st.Typed.BaseName) {
					ix.parents[i] = f.parentOf(st)
				} else if p := byName[strings.ToLower(st.Typed.BaseName)]; p != nil && strings.EqualFold(p.Name, st.Typed.BaseName) {
					ix.parents[i] = p
				}
			}
			if st.Name != "" {
				byName[strings.ToLower(st.Name)] = st
				folded = folded || !isASCII(st.Name)
			}
			for j, in := range st.Instructions {
				env, ok := in.Command.(*instructions.EnvCommand)
				if !ok {
					continue
				}
				if ix.env[i] == nil {
					ix.env[i] = map[string][]envSet{}
				}
				for _, kv := range env.Env {
					ix.env[i][kv.Key] = append(ix.env[i][kv.Key], envSet{j, kv.Value})
				}
			}
		}
	})
	return &sc.index
}

// ArgBefore returns the value the nearest ARG before in, in its own stage,
// gives key: its default expanded in the variables before it (VarsAt), or,
// for an ARG without a default, the global scope's value, which a meta ARG
// or the automatic platform arguments give. ARGs do not cross stages: a
// stage built FROM another sees none of its ARGs.
func (sc *Scope) ArgBefore(in *Instruction, key string) (string, bool) {
	if in.Stage == nil {
		return "", false
	}
	args := sc.stageArgs()
	st := in.Stage
	if st.Index >= len(args) || sc.f.Stages[st.Index] != st {
		return "", false
	}
	sets := args[st.Index][key]
	n, _ := slices.BinarySearchFunc(sets, sc.f.cut(in), func(e envSet, c int) int { return e.index - c })
	if n == 0 {
		return "", false
	}
	return sets[n-1].value, true
}

// ArgsAt is the environment of the ARG values before in (ArgBefore), the
// one BuildKit's own flags such as COPY --from= and RUN --mount=from= are
// read in here.
func (sc *Scope) ArgsAt(in *Instruction) shell.EnvGetter {
	return lookup(func(k string) (string, bool) { return sc.ArgBefore(in, k) })
}

// VarsAt is the environment a word of in expands in: the value of the
// nearest ENV before in (in its stage or the stages it builds on), which
// overrides an ARG of the same name as BuildKit documents, else the ARG
// value (ArgBefore). An ENV value is read as written less its enclosing
// quotes, not expanded again.
func (sc *Scope) VarsAt(in *Instruction) shell.EnvGetter {
	return lookup(func(k string) (string, bool) {
		if v, ok := sc.f.EnvBefore(in, k); ok {
			return strings.Trim(v, `"'`), true
		}
		return sc.ArgBefore(in, k)
	})
}

// lookup is an environment read through a function; it cannot list its
// names, which only "did you mean" suggestions ask for.
type lookup func(string) (string, bool)

func (l lookup) Get(k string) (string, bool) { return l(k) }
func (l lookup) Keys() []string              { return nil }

// stageArgs returns, by stage index, every name the stage's ARGs set, with
// where and to what, in source order; built on first use.
func (sc *Scope) stageArgs() []map[string][]envSet {
	sc.argsOnce.Do(func() {
		f := sc.f
		x := NewExpander(f)
		sc.args = make([]map[string][]envSet, len(f.Stages))
		for i, st := range f.Stages {
			for j, in := range st.Instructions {
				arg, ok := in.Command.(*instructions.ArgCommand)
				if !ok {
					continue
				}
				if sc.args[i] == nil {
					sc.args[i] = map[string][]envSet{}
				}
				sets := sc.args[i]
				for _, kv := range arg.Args {
					var v string
					if kv.Value != nil {
						// The ARG's earlier pairs count: ARG A=1 B=$A.
						vars := lookup(func(k string) (string, bool) {
							if v, ok := f.EnvBefore(in, k); ok {
								return strings.Trim(v, `"'`), true
							}
							if s := sets[k]; len(s) > 0 {
								return s[len(s)-1].value, true
							}
							return "", false
						})
						v = x.Expand(*kv.Value, vars)
					} else if v, ok = sc.Global.Env.Get(kv.Key); !ok {
						continue
					}
					sets[kv.Key] = append(sets[kv.Key], envSet{j, v})
				}
			}
		}
	})
	return sc.args
}

// Env is an environment words are expanded in, a shell.EnvGetter. Keys
// compare case-sensitively, as on the Linux builders. Its keys list each
// variable once: Set moves a variable to the end, as BuildKit's llb.EnvList
// does (the order decides which of two equally close names a "did you mean"
// suggestion picks), Update keeps its place, as in an image config's Env
// (dockerfile2llb's addEnv).
//
// The order is kept as a log that only grows: a key's place is its last
// entry. A length of the log (Len) is then a snapshot of the order
// (KeysAt), so that a word referencing an undefined variable records where
// it was expanded without copying an environment that, in a file of many
// ENV and ARG lines, holds thousands of names.
type Env struct {
	log []string
	// vals holds the value of each entry of log; only a key's last entry
	// is current.
	vals []string
	// keys counts the distinct keys.
	keys int
	// last indexes each key's last entry once the log is long: most
	// environments hold a few names, which a scan finds faster than a map
	// costs to build.
	last map[string]int
}

// envIndexAt is the log length from which Env indexes its keys.
const envIndexAt = 32

// NewEnv returns an empty environment with room for size entries.
func NewEnv(size int) *Env {
	return &Env{log: make([]string, 0, size), vals: make([]string, 0, size)}
}

// find returns the index of key's last entry, or -1.
func (e *Env) find(key string) int {
	if e.last != nil {
		if i, ok := e.last[key]; ok {
			return i
		}
		return -1
	}
	for i, v := range slices.Backward(e.log) {
		if v == key {
			return i
		}
	}
	return -1
}

func (e *Env) add(key, value string) {
	e.log, e.vals = append(e.log, key), append(e.vals, value)
	switch {
	case e.last != nil:
		e.last[key] = len(e.log) - 1
	case len(e.log) > envIndexAt:
		e.last = make(map[string]int, 2*len(e.log))
		for i, k := range e.log {
			e.last[k] = i
		}
	}
}

// Get implements shell.EnvGetter.
func (e *Env) Get(key string) (string, bool) {
	if i := e.find(key); i >= 0 {
		return e.vals[i], true
	}
	return "", false
}

// Keys implements shell.EnvGetter.
func (e *Env) Keys() []string { return e.KeysAt(len(e.log)) }

// Len is the length of the log: a snapshot of the order for KeysAt.
func (e *Env) Len() int { return len(e.log) }

// KeysAt is the order of the keys when the log was n entries long.
func (e *Env) KeysAt(n int) []string {
	if n == len(e.log) && e.keys == n {
		return slices.Clone(e.log) // no key ever moved
	}
	seen := make(map[string]bool, e.keys)
	keys := make([]string, 0, e.keys)
	for i := n - 1; i >= 0; i-- {
		if k := e.log[i]; !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	slices.Reverse(keys)
	return keys
}

// Set sets key, moving it to the end of the order.
func (e *Env) Set(key, value string) {
	switch i := e.find(key); {
	case i < 0:
		e.keys++
		e.add(key, value)
	case i < len(e.log)-1:
		e.add(key, value)
	default:
		e.vals[i] = value
	}
}

// Update sets key, keeping its place in the order.
func (e *Env) Update(key, value string) {
	if i := e.find(key); i >= 0 {
		e.vals[i] = value
		return
	}
	e.keys++
	e.add(key, value)
}

// Clone returns a copy of e, its log compacted.
func (e *Env) Clone() *Env {
	keys := e.Keys()
	c := NewEnv(len(keys))
	for _, k := range keys {
		v, _ := e.Get(k)
		c.Set(k, v)
	}
	return c
}

// Expander is BuildKit's word expander (shell.Lex) for the file's escape
// character, with a shortcut: a word holding no character the lexer treats
// specially is returned as it is without running the lexer, which is what
// the lexer would return. Most words are plain, and the shortcut saves most
// of the cost of expanding every word of a file.
type Expander struct {
	Lex    *shell.Lex
	Escape rune
	raw    *shell.Lex
}

// NewExpander returns the expander of f's words.
func NewExpander(f *File) *Expander {
	escape := EscapeOf(f)
	return &Expander{Lex: shell.NewLex(escape), Escape: escape}
}

// EscapeOf is f's escape character, a backslash unless a directive says
// otherwise.
func EscapeOf(f *File) rune {
	if f.Escape == 0 {
		return '\\'
	}
	return rune(f.Escape)
}

// Plain reports whether the lexer returns w unchanged, with nothing
// matched or unmatched (a leading byte order mark is dropped by its scanner).
func Plain(w string, escape rune) bool {
	return !HasSpecial(w, "$<'\"", escape)
}

// HasSpecial reports whether s holds one of the ASCII chars, the escape
// character (unless 0) or a byte order mark. Each is searched for apart:
// a handful of vectorised byte searches cost less than one pass that
// tests every byte against the set, as strings.ContainsAny makes.
func HasSpecial(s, chars string, escape rune) bool {
	for i := range len(chars) {
		if strings.IndexByte(s, chars[i]) >= 0 {
			return true
		}
	}
	return strings.Contains(s, "\uFEFF") || (escape != 0 && strings.ContainsRune(s, escape))
}

// Unquoted is what lex.ProcessWord returns for a word that needs only its
// quotes removed — `"step 1"`, `'a b'c`: no $, <, escape character, byte
// order mark, NUL or invalid UTF-8, every quote closed — with nothing
// matched or unmatched, and false for any other word or a lexer that
// keeps quotes. Quoted LABEL and ENV values are common, and the lexer
// costs some thirty times more to remove their quotes.
func Unquoted(lex *shell.Lex, w string, escape rune) (string, bool) {
	if lex.RawQuotes || lex.SkipProcessQuotes || HasSpecial(w, "$<\x00", escape) || !utf8.ValidString(w) {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(w))
	var quote byte // the open quote, 0 outside quotes
	start := 0     // the first byte not yet copied
	for i := range len(w) {
		switch c := w[i]; {
		case quote == 0 && (c == '"' || c == '\''), c == quote:
			b.WriteString(w[start:i])
			start = i + 1
			if quote == 0 {
				quote = c
			} else {
				quote = 0
			}
		}
	}
	if quote != 0 {
		return "", false // the lexer's error is its own to word
	}
	b.WriteString(w[start:])
	return b.String(), true
}

// Word is lex.ProcessWord.
func (x *Expander) Word(w string, env shell.EnvGetter) (string, map[string]struct{}, error) {
	if Plain(w, x.Escape) {
		return w, nil, nil
	}
	if s, ok := Unquoted(x.Lex, w, x.Escape); ok {
		return s, nil, nil
	}
	return x.Lex.ProcessWord(w, env)
}

// Words is lex.ProcessWords: expansion, then splitting into words.
func (x *Expander) Words(w string, env shell.EnvGetter) ([]string, error) {
	if Plain(w, x.Escape) && strings.IndexFunc(w, unicode.IsSpace) < 0 {
		if w == "" {
			return nil, nil
		}
		return []string{w}, nil
	}
	return x.Lex.ProcessWords(w, env)
}

// WithMatches is lex.ProcessWordWithMatches.
func (x *Expander) WithMatches(w string, env shell.EnvGetter) (shell.ProcessWordResult, error) {
	if Plain(w, x.Escape) {
		return shell.ProcessWordResult{Result: w}, nil
	}
	return x.Lex.ProcessWordWithMatches(w, env)
}

// Expand substitutes env into w; a word that does not expand (a syntax
// error) is kept as written.
func (x *Expander) Expand(w string, env shell.EnvGetter) string {
	res, _, err := x.Word(w, env)
	if err != nil {
		return w
	}
	return res
}

// RawLex is the expander of COPY and ADD heredoc bodies: BuildKit's lexer
// with the default escape character that leaves quotes alone.
func (x *Expander) RawLex() *shell.Lex {
	if x.raw == nil {
		x.raw = shell.NewLex('\\')
		x.raw.SkipProcessQuotes = true
	}
	return x.raw
}
