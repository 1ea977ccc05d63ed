package dockerfile

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// The installers the commands layer recognises among the calls of a
// script, with each installer's options that take a value.

// Kind is what a recognised command does.
type Kind int

// The kinds of commands the commands layer recognises.
const (
	UVSync          Kind = iota + 1 // uv sync
	UVPipInstall                    // uv pip install
	UVPipSync                       // uv pip sync
	UVAdd                           // uv add
	UVVenv                          // uv venv
	UVRun                           // uv run: syncs the project before it runs the command
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
	UVVenv: "uv venv", UVRun: "uv run", PipInstall: "pip install", PoetryInstall: "poetry install",
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
// found in an instruction's shell, with its flags and operands: the Call
// of the program it runs (Call.Name "pip3"; Expr, Script, Words, Pipeline
// and the rest of the call), read as that installer reads its arguments.
type Command struct {
	Call
	Kind Kind
	// Name is the program as written, after any wrapper (sudo, env, VAR=x):
	// "pip3", "/opt/venv/bin/pip", "uv", "python3 -m pip". Call.Name is its
	// base name.
	Name string
	// Span runs from the program word to the end of the call; Call.Span
	// covers the wrappers and assignments too.
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
	case isShell(b):
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
	case "run":
		// uv's options end at the command uv runs: the words from there
		// on are that command's (uv run python -m pip install --no-deps x).
		flags, pos = parseArgs(sc, rest[:uvRunCommandStart(sc, rest)], uvFlags)
		sw.cmds = append(sw.cmds, sw.command(sc, u, name, UVRun, flags, pos[1:]))
		return
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

// uvRunCommandStart is the index in rest (the words after uv) of the
// command `uv run` runs: the first operand after "run", or len(rest).
func uvRunCommandStart(sc *Script, rest []*syntax.Word) int {
	seenRun := false
	for i := 0; i < len(rest); i++ {
		s, _ := wordString(sc, rest[i])
		switch {
		case s == "--":
			return i + 1
		case len(s) > 1 && s[0] == '-':
			if uvFlags(s) && !strings.Contains(s, "=") {
				i++ // the option's value
			}
		case !seenRun:
			seenRun = true
		default:
			return i
		}
	}
	return len(rest)
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
		Call:  Call{Expr: u.call, Script: sc},
		Kind:  kind,
		Name:  name,
		Span:  Span{sc.Span(u.call.Args[u.prog]).Start, sc.Span(u.call).End},
		Flags: flags,
		Args:  args,
		Env:   u.env,
	}
}

// build parses a call's arguments with tbl into a Command of kind.
func (sw *shellWalker) build(sc *Script, call *syntax.CallExpr, u *unwrapped, kind Kind, tbl flagTable) *Command {
	flags, pos := parseArgs(sc, call.Args[u.prog+1:], tbl)
	c := sw.command(sc, u, u.name, kind, flags, pos)
	return &c
}

// The option tables are switches rather than maps: they cost nothing at
// start-up, which every run pays and most use one or two of.

// uv: global options, and those of sync, add, venv and pip install/sync.
func uvFlags(s string) bool {
	return uvGlobalFlags(s) || uvIndexFlags(s) || uvResolverFlags(s) || uvProjectFlags(s)
}

func uvPipFlags(s string) bool {
	return uvGlobalFlags(s) || uvIndexFlags(s) || uvResolverFlags(s) || uvPipOnlyFlags(s)
}

func uvGlobalFlags(s string) bool {
	switch s {
	case "--cache-dir", "--color", "--config-file", "--directory", "--project",
		"--allow-insecure-host", "--trusted-host", "--python-preference", "--python-fetch",
		"--preview-features", "--preview-feature":
		return true
	}
	return false
}

func uvIndexFlags(s string) bool {
	switch s {
	case "--index", "--default-index", "--index-url", "-i", "--extra-index-url", "--find-links", "-f",
		"--index-strategy", "--keyring-provider":
		return true
	}
	return false
}

func uvResolverFlags(s string) bool {
	switch s {
	case "--upgrade-package", "-P", "--upgrade-group", "--reinstall-package", "--resolution",
		"--prerelease", "--fork-strategy", "--config-setting", "--config-settings", "-C",
		"--config-settings-package", "--config-setting-package", "--no-build-isolation-package",
		"--exclude-newer", "--exclude-newer-package", "--link-mode", "--no-sources-package",
		"--refresh-package", "--no-build-package", "--no-binary-package", "--only-binary-package",
		"--python", "-p", "--python-platform", "--python-version", "--torch-backend":
		return true
	}
	return false
}

func uvProjectFlags(s string) bool {
	switch s {
	case "--extra", "--no-extra", "--group", "--no-group", "--only-group", "--package",
		"--no-install-package", "--only-install-package", "--no-editable-package", "--script",
		"--output-format", "--optional", "--branch", "--tag", "--rev", "--bounds", "--marker", "-m",
		"--requirements", "--requirement", "-r", "--constraints", "--constraint", "-c", "--prompt",
		"--format", "--output-file", "-o", "--with", "-w", "--with-requirements", "--with-editable",
		"--env-file":
		return true
	}
	return false
}

func uvPipOnlyFlags(s string) bool {
	switch s {
	case "--requirements", "--requirement", "-r", "--editable", "-e", "--constraints", "--constraint",
		"-c", "--overrides", "--override", "--excludes", "--exclude", "--build-constraints",
		"--build-constraint", "-b", "-B", "--target", "--prefix", "--no-binary", "--only-binary",
		"--group", "--extra", "--dependency-metadata":
		return true
	}
	return false
}

// pip install (pip's cmdoptions), with pip's accepted abbreviations of
// --index-url and --extra-index-url.
func pipFlags(s string) bool {
	switch s {
	case "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target",
		"--platform", "--python-version", "--implementation", "--abi", "--root", "--prefix", "--src",
		"--upgrade-strategy", "-C", "--config-settings", "--config-setting", "--global-option",
		"--install-option", "--build-option", "--no-binary", "--only-binary", "--progress-bar",
		"--root-user-action", "--report", "-i", "--index-url", "--index", "--extra-index-url",
		"--extra-index", "-f", "--find-links", "--trusted-host", "--cache-dir", "--log", "--log-file",
		"--local-log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
		"--keyring-provider", "--use-feature", "--use-deprecated", "--python", "--build-constraint",
		"--group", "--resume-retries", "--uploaded-prior-to":
		return true
	}
	return false
}

func poetryFlags(s string) bool {
	switch s {
	case "--with", "--without", "--only", "-E", "--extras", "-C", "--directory", "-P", "--project",
		"--markers":
		return true
	}
	return false
}

func condaFlags(s string) bool {
	switch s {
	case "-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "-f", "-r", "--root-prefix",
		"--repodata-fn", "--solver", "--experimental", "--subdir", "--platform",
		"--override-channels-with":
		return true
	}
	return false
}

// apt-get and apt; -q=2 style values come through the generic -x=value rule.
func aptFlags(s string) bool {
	switch s {
	case "-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a",
		"--host-architecture", "-P", "--build-profiles", "--solver", "-S", "--snapshot":
		return true
	}
	return false
}

func apkFlags(s string) bool {
	switch s {
	case "-X", "--repository", "--repositories-file", "-p", "--root", "--arch", "-t", "--virtual",
		"--cache-dir", "--keys-dir", "--cache-max-age", "--progress-fd", "--wait", "--timeout", "--from":
		return true
	}
	return false
}

// dnf, yum and microdnf.
func dnfFlags(s string) bool {
	switch s {
	case "-c", "--config", "-d", "--debuglevel", "-e", "--errorlevel", "-x", "--exclude",
		"--excludepkgs", "--setopt", "--enablerepo", "--disablerepo", "--repo", "--repoid",
		"--installroot", "--releasever", "--forcearch", "--color", "--rpmverbosity", "--disableplugin",
		"--enableplugin", "--downloaddir", "--destdir", "--repofrompath", "--comment", "--advisory",
		"--advisories", "--bz", "--cve", "--sec-severity", "--secseverity", "-R", "--randomwait",
		"--installonly-limit", "--use-host-config", "--best-effort":
		return true
	}
	return false
}

// ProgramWord is the word that names the call's program, after its
// assignments and wrappers; nil when there is none.
func (c *Call) ProgramWord() *CmdWord {
	if c.Expr == nil || c.Script == nil {
		return nil
	}
	u := unwrap(c.Script, c.Expr)
	if u == nil {
		return nil
	}
	w := u.call.Args[u.prog]
	s, lit := wordString(c.Script, w)
	return &CmdWord{Value: s, Span: c.Script.Span(w), Literal: lit}
}

// CommandAs reads the call as if its program word were program: for an
// installer named through a variable (`$UV sync`, `${PIP} install x`)
// whose value the caller has found. Only uv and pip are read so; it
// reports false for anything else, or a call that installs nothing.
func (c *Call) CommandAs(program string) (Command, bool) {
	if c.Expr == nil || c.Script == nil {
		return Command{}, false
	}
	u := unwrap(c.Script, c.Expr)
	if u == nil {
		return Command{}, false
	}
	u.name, u.base = program, program[strings.LastIndexByte(program, '/')+1:]
	if u.base != "uv" && !isPip(u.base) {
		return Command{}, false
	}
	var sw shellWalker
	sw.recognise(c.Script, nil, u)
	if len(sw.cmds) != 1 {
		return Command{}, false
	}
	cmd := sw.cmds[0]
	cmd.Name = program
	return cmd, true
}
