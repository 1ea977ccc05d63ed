package dockerfile

import (
	"regexp"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Kind is what a recognised command does.
type Kind int

// The kinds of commands the commands layer recognises.
const (
	UVSync          Kind = iota + 1 // uv sync
	UVPipInstall                    // uv pip install
	UVPipSync                       // uv pip sync
	UVAdd                           // uv add
	UVVenv                          // uv venv
	PipInstall                      // pip install, python -m pip install
	PoetryInstall                   // poetry install
	CondaInstall                    // conda, mamba or micromamba install
	AptGetInstall                   // apt-get install
	AptInstall                      // apt install
	ApkAdd                          // apk add
	DnfInstall                      // dnf install
	YumInstall                      // yum install
	MicrodnfInstall                 // microdnf install
	RemoteScript                    // curl … | sh and its variants
	// Interpreter is the kind of RemoteScript's Runner; Commands never
	// returns it on its own.
	Interpreter
)

var kindNames = [...]string{
	UVSync: "uv sync", UVPipInstall: "uv pip install", UVPipSync: "uv pip sync", UVAdd: "uv add",
	UVVenv: "uv venv", PipInstall: "pip install", PoetryInstall: "poetry install",
	CondaInstall: "conda install", AptGetInstall: "apt-get install", AptInstall: "apt install",
	ApkAdd: "apk add", DnfInstall: "dnf install", YumInstall: "yum install",
	MicrodnfInstall: "microdnf install", RemoteScript: "remote script", Interpreter: "interpreter",
}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Command is an installer (or a remote script piped into an interpreter)
// found in an instruction's shell, with its flags and operands.
type Command struct {
	Kind Kind
	// Name is the program as written, after any wrapper (sudo, env, VAR=x):
	// "pip3", "/opt/venv/bin/pip", "uv", "python3 -m pip".
	Name string
	// Call is the call in Script's syntax tree.
	Call *syntax.CallExpr
	// Script is the tree Call belongs to: the instruction's Shell, or a
	// script parsed from an `sh -c '…'` string or a heredoc fed to a shell.
	// Script.Span maps any node of it to the Dockerfile.
	Script *Script
	// Span runs from the program word to the end of the call.
	Span Span
	// Flags are the options in order, wherever they stand (before or after
	// the subcommand); combined short flags (-yq) come split (-y, -q).
	Flags []CmdFlag
	// Args are the operands after the subcommand: packages, paths, URLs.
	Args []CmdWord
	// Env holds the assignments before the program (VAR=x cmd, env VAR=x,
	// sudo VAR=x); nil when there are none.
	Env map[string]string
	// Runner is, for RemoteScript, the interpreter the download is fed to
	// (sh in `curl … | sh`, bash in `bash <(curl …)`). Name, Call, Flags
	// and Args of a RemoteScript describe the downloader (curl or wget).
	Runner *Command
}

// CmdFlag is one option of a command.
type CmdFlag struct {
	// Name is the option with its dashes: "--locked", "-y".
	Name string
	// Value is the option's value, from `--opt=value`, `--opt value` for
	// options that take one, or `-rfile`.
	Value    string
	HasValue bool
	// Literal is false when the value has expansions; Value is then the
	// value's source text.
	Literal bool
	// Span covers the option and its value. A short option split out of a
	// cluster covers its letter only (the first also its dash).
	Span      Span
	ValueSpan Span
}

// CmdWord is one operand of a command.
type CmdWord struct {
	// Value is the word without quotes; for a word with expansions
	// (Literal false) it is the word's source text.
	Value   string
	Span    Span
	Literal bool
}

// Has reports whether any of the named options is present ("--no-cache",
// "-n"). Options are compared as written: pass every spelling you accept.
func (c *Command) Has(names ...string) bool {
	for _, f := range c.Flags {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}

// Values returns the values of the named options, in order.
func (c *Command) Values(names ...string) []string {
	var vals []string
	for _, f := range c.Flags {
		if f.HasValue && slices.Contains(names, f.Name) {
			vals = append(vals, f.Value)
		}
	}
	return vals
}

// Extent is the span from the start of the command to the end of its
// Runner, if any: `curl … | sh` as a whole.
func (c *Command) Extent() Span {
	sp := c.Span
	if c.Runner != nil {
		sp.Start = min(sp.Start, c.Runner.Span.Start)
		sp.End = max(sp.End, c.Runner.Span.End)
	}
	return sp
}

// Commands returns the installers and remote scripts the instruction's
// shell runs, in source order: across &&, ||, ;, pipes, subshells, blocks,
// $(…), if/for/while bodies, function bodies, `sh -c '…'` strings and
// heredocs fed to a shell. It is nil when the instruction has no parsed
// script. The result is computed once and shared: do not modify it.
func (in *Instruction) Commands() []Command {
	if c := in.walked(); c != nil {
		return c.cmds
	}
	return nil
}

// pipeline looks for a download piped into an interpreter among the
// stages of top; the walk asks once per pipeline, not for its inner pipes.
func (sw *shellWalker) pipeline(sc *Script, top *syntax.BinaryCmd) {
	var stages []*syntax.Stmt
	var flatten func(s *syntax.Stmt)
	flatten = func(s *syntax.Stmt) {
		if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && isPipe(b.Op) {
			flatten(b.X)
			flatten(b.Y)
			return
		}
		stages = append(stages, s)
	}
	flatten(top.X)
	flatten(top.Y)
	var fetch *Command
	for _, st := range stages {
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok {
			continue
		}
		u := unwrap(sc, call)
		if u == nil {
			continue
		}
		switch {
		case fetch == nil && downloaders[u.base] != nil:
			fetch = sw.build(sc, call, u, RemoteScript, downloaders[u.base])
		case fetch != nil && readsStdin(sc, u):
			r := sw.build(sc, call, u, Interpreter, interpreterFlags(u.base))
			f := *fetch
			f.Runner = r
			sw.cmds = append(sw.cmds, f)
			return
		}
	}
}

// unwrapped is a call seen through its wrappers.
type unwrapped struct {
	call *syntax.CallExpr
	env  map[string]string
	prog int    // index of the program word in call.Args
	name string // program as written
	base string // program without its directory
	// wrappers are the indexes in call.Args of the wrappers seen through.
	wrappers []int
}

// unwrap skips leading assignments and the wrappers sudo, env, exec, time,
// nohup, nice and command. It returns nil when there is no program. A
// program named by an expansion has base "" unless a literal directory
// and name follow the expansion ("$VENV/bin/pip").
func unwrap(sc *Script, call *syntax.CallExpr) *unwrapped {
	u := unwrapAll(sc, call)
	if u.prog < 0 {
		return nil
	}
	return u
}

// unwrapAll is unwrap recording every wrapper; prog is -1 when there is
// no program to run.
func unwrapAll(sc *Script, call *syntax.CallExpr) *unwrapped {
	u := &unwrapped{}
	u.fill(sc, call)
	return u
}

// fill sets the zero u as unwrapAll describes, so that a caller can keep
// u off the heap.
func (u *unwrapped) fill(sc *Script, call *syntax.CallExpr) {
	u.call, u.prog = call, -1
	for _, a := range call.Assigns {
		if a.Name != nil {
			val := ""
			if a.Value != nil {
				val, _ = wordString(sc, a.Value)
			}
			u.setEnv(a.Name.Value, val)
		}
	}
	args := call.Args
	i := 0
	for i < len(args) {
		name, lit := wordString(sc, args[i])
		base := name[strings.LastIndexByte(name, '/')+1:]
		if !lit {
			// "$VENV/bin/pip" is still pip: a literal directory and name
			// after the expansion.
			// Otherwise the base stays "": "$PYTHON" -m pip is known by its
			// arguments alone.
			suffix := literalSuffix(args[i])
			base = ""
			if j := strings.LastIndexByte(suffix, '/'); j >= 0 {
				base = suffix[j+1:]
			}
		}
		w, ok := wrappers[base]
		if !ok || !lit {
			u.prog, u.name, u.base = i, name, base
			return
		}
		u.wrappers = append(u.wrappers, i)
		i++
		for i < len(args) {
			s, lit := wordString(sc, args[i])
			if !lit {
				break
			}
			if s == "--" && w.dashdash {
				i++
				break
			}
			if w.assigns && isAssignment(s) {
				k, v, _ := strings.Cut(s, "=")
				u.setEnv(k, v)
				i++
				continue
			}
			if len(s) < 2 || s[0] != '-' || w.opts == nil {
				break
			}
			if w.stop != nil && w.stop[s] {
				return // command -v pip: a lookup, not a run
			}
			i++
			if w.opts[s] && !strings.Contains(s, "=") {
				i++ // the option's value
			}
		}
	}
}

func (u *unwrapped) setEnv(k, v string) {
	if u.env == nil {
		u.env = map[string]string{}
	}
	u.env[k] = v
}

var assignRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

func isAssignment(s string) bool { return assignRe.MatchString(s) }

// wrapper describes a program that runs another one.
type wrapper struct {
	opts     map[string]bool // its options; true when one takes a value
	stop     map[string]bool // options that make it not run the program
	assigns  bool            // accepts VAR=x before the program
	dashdash bool            // `--` ends its options
}

var wrappers = map[string]wrapper{
	"sudo": {opts: set("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "--user", "--group",
		"--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--command-timeout", "--other-user"),
		assigns: true, dashdash: true},
	"env":     {opts: set("-u", "--unset", "-C", "--chdir"), assigns: true, dashdash: true},
	"exec":    {opts: set("-a"), dashdash: true},
	"time":    {opts: set("-f", "--format", "-o", "--output"), dashdash: true},
	"nohup":   {opts: set(), dashdash: true},
	"nice":    {opts: set("-n", "--adjustment"), dashdash: true},
	"command": {opts: set(), stop: map[string]bool{"-v": true, "-V": true}, dashdash: true},
}

// set makes a table of the options that take a value.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func union(tables ...map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, t := range tables {
		for k := range t {
			m[k] = true
		}
	}
	return m
}

// isPip reports whether a program is pip, pip3, pip3.12 …: the regexp
// ^pip[0-9]*(\.[0-9]+)?$, by hand, since every call of a script asks.
func isPip(base string) bool { return versionedName(base, "pip", "") }

// isPython reports whether a program is python, python3, python3.13t …:
// ^python[0-9]*(\.[0-9]+)?[mtw]?$.
func isPython(base string) bool { return versionedName(base, "python", "mtw") }

// versionedName reports whether s is name, then digits, then optionally a
// dot and at least one digit, then at most one of the letters in flags.
func versionedName(s, name, flags string) bool {
	rest, ok := strings.CutPrefix(s, name)
	if !ok {
		return false
	}
	rest = strings.TrimLeft(rest, "0123456789")
	if minor, ok := strings.CutPrefix(rest, "."); ok {
		rest = strings.TrimLeft(minor, "0123456789")
		if len(rest) == len(minor) {
			return false
		}
	}
	return rest == "" || len(rest) == 1 && strings.IndexByte(flags, rest[0]) >= 0
}

// recognise records the command u runs if it is one Commands reports;
// the walk visits the commands nested in it on its own.
func (sw *shellWalker) recognise(sc *Script, st *syntax.Stmt, u *unwrapped) {
	rest := u.call.Args[u.prog+1:]
	switch b := u.base; {
	case b == "uv":
		sw.uv(sc, u, u.name, rest)
	case isPip(b):
		sw.sub(sc, u, u.name, rest, pipFlags, map[string]Kind{"install": PipInstall})
	case isPython(b):
		sw.python(sc, st, u, rest)
	case b == "" && len(rest) > 1:
		if s, _ := wordString(sc, rest[0]); s == "-m" {
			sw.python(sc, st, u, rest)
		}
	case b == "poetry":
		sw.sub(sc, u, u.name, rest, poetryFlags, map[string]Kind{"install": PoetryInstall})
	case b == "conda" || b == "mamba" || b == "micromamba":
		sw.sub(sc, u, u.name, rest, condaFlags, map[string]Kind{"install": CondaInstall})
	case b == "apt-get":
		sw.sub(sc, u, u.name, rest, aptFlags, map[string]Kind{"install": AptGetInstall})
	case b == "apt":
		sw.sub(sc, u, u.name, rest, aptFlags, map[string]Kind{"install": AptInstall})
	case b == "apk":
		sw.sub(sc, u, u.name, rest, apkFlags, map[string]Kind{"add": ApkAdd})
	case b == "dnf" || b == "dnf5":
		sw.sub(sc, u, u.name, rest, dnfFlags, map[string]Kind{"install": DnfInstall})
	case b == "yum":
		sw.sub(sc, u, u.name, rest, dnfFlags, map[string]Kind{"install": YumInstall})
	case b == "microdnf":
		sw.sub(sc, u, u.name, rest, dnfFlags, map[string]Kind{"install": MicrodnfInstall})
	case shells[b]:
		sw.shellRemote(sc, st, u, rest)
	case b == "eval" || b == "source" || b == ".":
		for _, w := range rest {
			sw.substituted(sc, u, w)
		}
	default:
		if interpreters(b) {
			sw.interpreterArgs(sc, st, u, rest)
		}
	}
}

// sub recognises `prog [flags] SUBCOMMAND [flags] [args]`.
func (sw *shellWalker) sub(sc *Script, u *unwrapped, name string, rest []*syntax.Word, tbl flagTable, kinds map[string]Kind) {
	flags, pos := parseArgs(sc, rest, tbl)
	if len(pos) == 0 || !pos[0].Literal {
		return
	}
	kind, ok := kinds[pos[0].Value]
	if !ok {
		return
	}
	sw.cmds = append(sw.cmds, sw.command(sc, u, name, kind, flags, pos[1:]))
}

func (sw *shellWalker) uv(sc *Script, u *unwrapped, name string, rest []*syntax.Word) {
	flags, pos := parseArgs(sc, rest, uvFlags)
	if len(pos) == 0 {
		return
	}
	var kind Kind
	n := 1
	switch pos[0].Value {
	case "sync":
		kind = UVSync
	case "add":
		kind = UVAdd
	case "venv":
		kind = UVVenv
	case "pip":
		if len(pos) < 2 {
			return
		}
		switch pos[1].Value {
		case "install":
			kind = UVPipInstall
		case "sync":
			kind = UVPipSync
		default:
			return
		}
		// uv pip takes -e/--editable and --no-binary with a value.
		flags, pos = parseArgs(sc, rest, uvPipFlags)
		n = 2
	default:
		return
	}
	sw.cmds = append(sw.cmds, sw.command(sc, u, name, kind, flags, pos[n:]))
}

// python recognises `python [options] -m pip|uv …`; otherwise a python
// reading a download (python3 <(curl …)).
func (sw *shellWalker) python(sc *Script, st *syntax.Stmt, u *unwrapped, rest []*syntax.Word) {
	for i := 0; i < len(rest); i++ {
		s, lit := wordString(sc, rest[i])
		if !lit || len(s) < 2 || s[0] != '-' || s == "--" {
			break
		}
		if strings.HasPrefix(s, "--") {
			continue // --version, --help: no pip to run
		}
		for k := 1; k < len(s); k++ {
			switch s[k] {
			case 'm':
				mod := s[k+1:]
				if mod == "" && i+1 < len(rest) {
					i++
					mod, _ = wordString(sc, rest[i])
				}
				name := u.name + " -m " + mod
				switch mod {
				case "pip":
					sw.sub(sc, u, name, rest[i+1:], pipFlags, map[string]Kind{"install": PipInstall})
				case "uv":
					sw.uv(sc, u, name, rest[i+1:])
				}
				return
			case 'c':
				return
			case 'W', 'X':
				if k == len(s)-1 {
					i++
				}
				k = len(s)
			}
		}
	}
	sw.interpreterArgs(sc, st, u, rest)
}

// command assembles a recognised command.
func (sw *shellWalker) command(sc *Script, u *unwrapped, name string, kind Kind, flags []CmdFlag, args []CmdWord) Command {
	return Command{
		Kind:   kind,
		Name:   name,
		Call:   u.call,
		Script: sc,
		Span:   Span{sc.Span(u.call.Args[u.prog]).Start, sc.Span(u.call).End},
		Flags:  flags,
		Args:   args,
		Env:    u.env,
	}
}

// build parses a call's arguments with tbl into a Command of kind.
func (sw *shellWalker) build(sc *Script, call *syntax.CallExpr, u *unwrapped, kind Kind, tbl flagTable) *Command {
	flags, pos := parseArgs(sc, call.Args[u.prog+1:], tbl)
	c := sw.command(sc, u, u.name, kind, flags, pos)
	return &c
}

var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "ksh": true, "mksh": true, "zsh": true}

// interpreters are the programs that run a script read from stdin or a
// file: shells, Python, Perl, Ruby, Node.
func interpreters(base string) bool {
	switch base {
	case "perl", "ruby", "node":
		return true
	}
	return shells[base] || isPython(base)
}

// shellInvocation is what a shell's options say about its script.
type shellInvocation struct {
	command  *syntax.Word // the -c string
	operands []*syntax.Word
	stdin    bool // -s: the script is stdin even with operands
}

// shellArgs reads sh/bash options: clusters such as -euxc, -o/+o OPT,
// -O/+O OPT, --rcfile FILE; -c takes the first operand as the script.
func shellArgs(sc *Script, rest []*syntax.Word) shellInvocation {
	var inv shellInvocation
	dashC := false
	i := 0
	for ; i < len(rest); i++ {
		s, lit := wordString(sc, rest[i])
		if !lit || len(s) < 2 || (s[0] != '-' && s[0] != '+') {
			break
		}
		if s == "--" || s == "-" {
			if s == "--" {
				i++
			}
			break
		}
		if strings.HasPrefix(s, "--") {
			if s == "--rcfile" || s == "--init-file" {
				i++
			}
			continue
		}
		for k := 1; k < len(s); k++ {
			switch s[k] {
			case 'c':
				dashC = true
			case 's':
				inv.stdin = true
			case 'o', 'O':
				if k == len(s)-1 {
					i++
				}
				k = len(s)
			}
		}
	}
	ops := rest[min(i, len(rest)):]
	if dashC && len(ops) > 0 {
		inv.command = ops[0]
		return inv
	}
	inv.operands = ops
	return inv
}

// shellRemote reports a download run by a call of sh, bash, …: in its
// script string or in a process substitution.
func (sw *shellWalker) shellRemote(sc *Script, st *syntax.Stmt, u *unwrapped, rest []*syntax.Word) {
	inv := shellArgs(sc, rest)
	if inv.command != nil {
		sw.substituted(sc, u, inv.command)
		return
	}
	sw.interpreterArgs(sc, st, u, rest)
}

// interpreterArgs reports `bash <(curl …)` and `sh < <(curl …)`.
func (sw *shellWalker) interpreterArgs(sc *Script, st *syntax.Stmt, u *unwrapped, rest []*syntax.Word) {
	for _, w := range rest {
		if sw.substituted(sc, u, w) {
			return
		}
	}
	for _, r := range st.Redirs {
		if r.Op == syntax.RdrIn && r.Word != nil && sw.substituted(sc, u, r.Word) {
			return
		}
	}
}

// substituted reports (and records) a download inside a command or
// process substitution of word w that the interpreter u runs.
func (sw *shellWalker) substituted(sc *Script, u *unwrapped, w *syntax.Word) bool {
	var found *Command
	syntax.Walk(w, func(n syntax.Node) bool {
		if found != nil {
			return false
		}
		var stmts []*syntax.Stmt
		switch n := n.(type) {
		case *syntax.CmdSubst:
			stmts = n.Stmts
		case *syntax.ProcSubst:
			if n.Op != syntax.CmdIn {
				return false
			}
			stmts = n.Stmts
		default:
			return true
		}
		for _, s := range stmts {
			syntax.Walk(s, func(n syntax.Node) bool {
				call, ok := n.(*syntax.CallExpr)
				if !ok || found != nil {
					return found == nil
				}
				if d := unwrap(sc, call); d != nil && downloaders[d.base] != nil {
					found = sw.build(sc, call, d, RemoteScript, downloaders[d.base])
				}
				return true
			})
		}
		return false
	})
	if found == nil {
		return false
	}
	found.Runner = sw.build(sc, u.call, u, Interpreter, interpreterFlags(u.base))
	sw.cmds = append(sw.cmds, *found)
	return true
}

// readsStdin reports whether the interpreter call u runs the script it
// reads on stdin: no script operand, `-`, /dev/stdin, or sh -s.
func readsStdin(sc *Script, u *unwrapped) bool {
	if !interpreters(u.base) {
		return false
	}
	rest := u.call.Args[u.prog+1:]
	var ops []*syntax.Word
	if shells[u.base] {
		inv := shellArgs(sc, rest)
		if inv.command != nil {
			return false
		}
		if inv.stdin {
			return true
		}
		ops = inv.operands
	} else {
		i := 0
	loop:
		for ; i < len(rest); i++ {
			s, lit := wordString(sc, rest[i])
			switch {
			case !lit || len(s) < 2 || s[0] != '-':
				break loop
			case s == "--":
				i++
				break loop
			case s == "-c" || s == "-m" || s == "-e" || s == "-E":
				return false
			case s == "-W" || s == "-X" || s == "-I" || s == "-r":
				i++
			}
		}
		ops = rest[min(i, len(rest)):]
	}
	if len(ops) == 0 {
		return true
	}
	s, _ := wordString(sc, ops[0])
	return s == "-" || s == "/dev/stdin"
}

// flagTable lists a tool's options that take a value in the next word.
// Options given as --opt=value need no entry. Combined short options are
// split (-yq is -y -q); in a cluster, a short option that takes a value
// takes the rest of the cluster (-rrequirements.txt) or the next word.
type flagTable map[string]bool

// uv: global options, and those of sync, add, venv and pip install/sync.
var (
	uvGlobalFlags = set("--cache-dir", "--color", "--config-file", "--directory", "--project",
		"--allow-insecure-host", "--trusted-host", "--python-preference", "--python-fetch",
		"--preview-features", "--preview-feature")
	uvIndexFlags = set("--index", "--default-index", "--index-url", "-i", "--extra-index-url",
		"--find-links", "-f", "--index-strategy", "--keyring-provider")
	uvResolverFlags = set("--upgrade-package", "-P", "--upgrade-group", "--reinstall-package",
		"--resolution", "--prerelease", "--fork-strategy", "--config-setting", "--config-settings", "-C",
		"--config-settings-package", "--config-setting-package", "--no-build-isolation-package",
		"--exclude-newer", "--exclude-newer-package", "--link-mode", "--no-sources-package",
		"--refresh-package", "--no-build-package", "--no-binary-package", "--only-binary-package",
		"--python", "-p", "--python-platform", "--python-version", "--torch-backend")
	uvProjectFlags = set("--extra", "--no-extra", "--group", "--no-group", "--only-group",
		"--package", "--no-install-package", "--only-install-package", "--no-editable-package",
		"--script", "--output-format", "--optional", "--branch", "--tag", "--rev", "--bounds",
		"--marker", "-m", "--requirements", "--requirement", "-r", "--constraints", "--constraint", "-c",
		"--prompt", "--format", "--output-file", "-o", "--with", "-w", "--with-requirements",
		"--with-editable", "--env-file")
	uvPipOnlyFlags = set("--requirements", "--requirement", "-r", "--editable", "-e",
		"--constraints", "--constraint", "-c", "--overrides", "--override", "--excludes", "--exclude",
		"--build-constraints", "--build-constraint", "-b", "-B", "--target", "--prefix",
		"--no-binary", "--only-binary", "--group", "--extra", "--dependency-metadata")

	uvFlags    = flagTable(union(uvGlobalFlags, uvIndexFlags, uvResolverFlags, uvProjectFlags))
	uvPipFlags = flagTable(union(uvGlobalFlags, uvIndexFlags, uvResolverFlags, uvPipOnlyFlags))
)

// pip install (pip's cmdoptions), with pip's accepted abbreviations of
// --index-url and --extra-index-url.
var pipFlags = flagTable(set("-r", "--requirement", "-c", "--constraint", "-e", "--editable",
	"-t", "--target", "--platform", "--python-version", "--implementation", "--abi", "--root",
	"--prefix", "--src", "--upgrade-strategy", "-C", "--config-settings", "--config-setting",
	"--global-option", "--install-option", "--build-option", "--no-binary", "--only-binary",
	"--progress-bar", "--root-user-action", "--report", "-i", "--index-url", "--index",
	"--extra-index-url", "--extra-index", "-f", "--find-links", "--trusted-host", "--cache-dir",
	"--log", "--log-file", "--local-log", "--proxy", "--retries", "--timeout", "--exists-action",
	"--cert", "--client-cert", "--keyring-provider", "--use-feature", "--use-deprecated",
	"--python", "--build-constraint", "--group", "--resume-retries", "--uploaded-prior-to"))

var poetryFlags = flagTable(set("--with", "--without", "--only", "-E", "--extras",
	"-C", "--directory", "-P", "--project", "--markers"))

var condaFlags = flagTable(set("-c", "--channel", "-n", "--name", "-p", "--prefix", "--file",
	"-f", "-r", "--root-prefix", "--repodata-fn", "--solver", "--experimental", "--subdir",
	"--platform", "--override-channels-with"))

// apt-get and apt; -q=2 style values come through the generic -x=value rule.
var aptFlags = flagTable(set("-o", "--option", "-c", "--config-file", "-t", "--target-release",
	"--default-release", "-a", "--host-architecture", "-P", "--build-profiles", "--solver",
	"-S", "--snapshot"))

var apkFlags = flagTable(set("-X", "--repository", "--repositories-file", "-p", "--root",
	"--arch", "-t", "--virtual", "--cache-dir", "--keys-dir", "--cache-max-age", "--progress-fd",
	"--wait", "--timeout", "--from"))

// dnf, yum and microdnf.
var dnfFlags = flagTable(set("-c", "--config", "-d", "--debuglevel", "-e", "--errorlevel",
	"-x", "--exclude", "--excludepkgs", "--setopt", "--enablerepo", "--disablerepo", "--repo",
	"--repoid", "--installroot", "--releasever", "--forcearch", "--color", "--rpmverbosity",
	"--disableplugin", "--enableplugin", "--downloaddir", "--destdir", "--repofrompath",
	"--comment", "--advisory", "--advisories", "--bz", "--cve", "--sec-severity", "--secseverity",
	"-R", "--randomwait", "--installonly-limit", "--use-host-config", "--best-effort"))

var downloaders = map[string]flagTable{
	"curl": flagTable(set("-o", "--output", "-H", "--header", "-X", "--request", "-d", "--data",
		"--data-binary", "--data-raw", "--data-urlencode", "-u", "--user", "-A", "--user-agent",
		"-e", "--referer", "-x", "--proxy", "--retry", "--retry-delay", "--retry-max-time",
		"--connect-timeout", "-m", "--max-time", "-w", "--write-out", "--proto", "--proto-redir",
		"-b", "--cookie", "-c", "--cookie-jar", "-F", "--form", "-T", "--upload-file", "-r", "--range",
		"-C", "--continue-at", "-K", "--config", "--cacert", "--capath", "-E", "--cert", "--key",
		"--resolve", "--url", "-z", "--time-cond", "--limit-rate", "-Y", "--speed-limit",
		"-y", "--speed-time", "--max-redirs", "--output-dir", "--netrc-file", "--oauth2-bearer")),
	"wget": flagTable(set("-O", "--output-document", "-o", "--output-file", "-a", "--append-output",
		"-P", "--directory-prefix", "-t", "--tries", "-T", "--timeout", "-U", "--user-agent",
		"-e", "--execute", "--header", "--user", "--password", "--post-data", "--post-file",
		"-i", "--input-file", "-B", "--base", "--ca-certificate", "--certificate", "-w", "--wait",
		"--limit-rate", "-Q", "--quota", "--progress", "--secure-protocol",
		"-n?")), // -n? marks -nv, -nc … as two-letter options
}

var (
	shellFlags  = flagTable(set("-o", "+o", "-O", "+O", "--rcfile", "--init-file"))
	pythonFlags = flagTable(set("-W", "-X", "-m", "-c"))
)

func interpreterFlags(base string) flagTable {
	if shells[base] {
		return shellFlags
	}
	return pythonFlags
}

// parseArgs splits words into options and operands GNU-style: options may
// come anywhere until `--`; a bare `-` is an operand.
func parseArgs(sc *Script, words []*syntax.Word, tbl flagTable) ([]CmdFlag, []CmdWord) {
	var flags []CmdFlag
	var ops []CmdWord
	for i := 0; i < len(words); i++ {
		w := words[i]
		rw := readWord(sc, w)
		s := rw.s
		if len(s) < 2 || s[0] != '-' {
			if ops == nil {
				// Room for every word left: one allocation, not several.
				ops = make([]CmdWord, 0, len(words)-i)
			}
			ops = append(ops, CmdWord{Value: s, Span: sc.Span(w), Literal: rw.lit})
			continue
		}
		if s == "--" {
			if ops == nil && i+1 < len(words) {
				ops = make([]CmdWord, 0, len(words)-i-1)
			}
			for _, w := range words[i+1:] {
				rw := readWord(sc, w)
				ops = append(ops, CmdWord{Value: rw.s, Span: sc.Span(w), Literal: rw.lit})
			}
			break
		}
		if flags == nil {
			flags = make([]CmdFlag, 0, len(words)-i)
		}
		// next consumes the following word as the value of f.
		next := func(f *CmdFlag) {
			if i+1 >= len(words) {
				return
			}
			i++
			vw := readWord(sc, words[i])
			vs := sc.Span(words[i])
			f.Value, f.HasValue, f.Literal, f.ValueSpan = vw.s, true, vw.lit, vs
			f.Span.End = vs.End
		}
		if strings.HasPrefix(s, "--") {
			f := CmdFlag{Name: s, Span: sc.Span(w), Literal: true}
			if eq := strings.IndexByte(s, '='); eq >= 0 {
				f.Name, f.Value, f.HasValue, f.Literal = s[:eq], s[eq+1:], true, rw.lit
				f.ValueSpan = rw.span(eq+1, len(s))
			} else if tbl[s] {
				next(&f)
			}
			flags = append(flags, f)
			continue
		}
		// A cluster of short options: -yq, -qO-, -rreqs.txt, -q=2.
		for k := 1; k < len(s); k++ {
			start := k
			if k == 1 {
				start = 0
			}
			f := CmdFlag{Name: "-" + s[k:k+1], Span: rw.span(start, k+1), Literal: true}
			if k == 1 && s[1] == 'n' && len(s) == 3 && tbl["-n?"] {
				// wget's -nv, -nc, -nd, -nH, -np are single options.
				f.Name, f.Span = s, rw.span(0, 3)
				flags = append(flags, f)
				break
			}
			switch {
			case tbl[f.Name] && k+1 < len(s):
				f.Value, f.HasValue, f.Literal = s[k+1:], true, rw.lit
				f.ValueSpan = rw.span(k+1, len(s))
				f.Span.End = f.ValueSpan.End
				k = len(s)
			case tbl[f.Name]:
				next(&f)
			case k+1 < len(s) && s[k+1] == '=':
				f.Value, f.HasValue, f.Literal = s[k+2:], true, rw.lit
				f.ValueSpan = rw.span(k+2, len(s))
				f.Span.End = f.ValueSpan.End
				k = len(s)
			}
			flags = append(flags, f)
		}
	}
	return flags, ops
}

// word is a shell word's value with the way back to the Dockerfile.
type word struct {
	s   string
	lit bool  // no expansions: s is the unquoted value, else the source text
	t   *text // maps s when unquoting changed it
	raw int   // otherwise s is the script's own text from this offset
	sc  *Script
}

// span maps the byte range [i, j) of the word's value to the Dockerfile.
func (w word) span(i, j int) Span {
	if w.t != nil {
		return w.t.span(i, j)
	}
	return w.sc.t.span(w.raw+i, w.raw+j)
}

// readWord reads a word; the common words (plain literals, words with
// expansions) need no text of their own.
func readWord(sc *Script, w *syntax.Word) word {
	start, end := int(w.Pos().Offset()), int(w.End().Offset())
	if start <= end && end <= len(sc.Src) {
		if len(w.Parts) == 1 {
			if _, ok := w.Parts[0].(*syntax.Lit); ok && strings.IndexByte(sc.Src[start:end], '\\') < 0 {
				return word{s: sc.Src[start:end], lit: true, raw: start, sc: sc}
			}
		}
		if !literalParts(w) {
			return word{s: sc.Src[start:end], raw: start, sc: sc}
		}
	}
	t, lit := wordText(sc, w)
	return word{s: t.s, lit: lit, t: t, sc: sc}
}

// literalParts reports whether the word has no expansions: only literals
// and quotes (not $'…' or $"…") holding literals.
func literalParts(w *syntax.Word) bool {
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
		case *syntax.SglQuoted:
			if p.Dollar {
				return false
			}
		case *syntax.DblQuoted:
			if p.Dollar {
				return false
			}
			for _, q := range p.Parts {
				if _, ok := q.(*syntax.Lit); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// literalSuffix is the literal text at the end of a word: "/bin/pip" of
// "${VENV}/bin/pip".
func literalSuffix(w *syntax.Word) string {
	if len(w.Parts) == 0 {
		return ""
	}
	switch p := w.Parts[len(w.Parts)-1].(type) {
	case *syntax.Lit:
		return p.Value
	case *syntax.SglQuoted:
		return p.Value
	case *syntax.DblQuoted:
		if len(p.Parts) > 0 {
			if l, ok := p.Parts[len(p.Parts)-1].(*syntax.Lit); ok {
				return l.Value
			}
		}
	}
	return ""
}

// wordString is the word's value without quotes, and whether it has no
// expansions; a word with expansions yields its source text instead.
func wordString(sc *Script, w *syntax.Word) (string, bool) {
	rw := readWord(sc, w)
	return rw.s, rw.lit
}

// wordText unquotes the word with the Dockerfile offset of every byte
// kept, so that any part of it maps back exactly. A word with expansions
// ($x, $(…), globs are fine) yields its source text and false.
func wordText(sc *Script, w *syntax.Word) (*text, bool) {
	t := &text{}
	src := sc.Src
	lit := true
	for _, part := range w.Parts {
		start, end := int(part.Pos().Offset()), int(part.End().Offset())
		if start > end || end > len(src) {
			lit = false
			break
		}
		switch p := part.(type) {
		case *syntax.Lit:
			unescape(t, sc, start, end, func(byte) bool { return true })
		case *syntax.SglQuoted:
			if p.Dollar {
				lit = false
				break
			}
			t.addText(sc.t, start+1, end-1)
		case *syntax.DblQuoted:
			if p.Dollar {
				lit = false
				break
			}
			for _, q := range p.Parts {
				if _, ok := q.(*syntax.Lit); !ok {
					lit = false
					break
				}
			}
			if lit {
				// Inside double quotes a backslash escapes only $ ` " \ and
				// the newline.
				unescape(t, sc, start+1, end-1, func(c byte) bool { return strings.IndexByte("$`\"\\\n", c) >= 0 })
			}
		default:
			lit = false
		}
		if !lit {
			break
		}
	}
	if !lit {
		t = &text{}
		start, end := int(w.Pos().Offset()), int(w.End().Offset())
		if start <= end && end <= len(src) {
			t.addText(sc.t, start, end)
		}
	}
	t.end = sc.t.offset(int(w.End().Offset()))
	return t, lit
}

// unescape appends src[start:end] of the script, dropping the backslash of
// an escape whose next byte passes escapable, and escaped newlines whole.
func unescape(t *text, sc *Script, start, end int, escapable func(byte) bool) {
	src := sc.Src
	from := start
	for i := start; i < end; i++ {
		if src[i] != '\\' || i+1 >= end || !escapable(src[i+1]) {
			continue
		}
		t.addText(sc.t, from, i)
		if src[i+1] == '\n' {
			from = i + 2
		} else {
			from = i + 1
		}
		i++
	}
	t.addText(sc.t, from, end)
}
