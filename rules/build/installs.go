package build

import (
	"bytes"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

// Step is one dependency install: a `uv sync` (or `pip install` of named
// packages) that a RUN runs, or, for a lock given alone, the `uv sync`
// the lock implies.
type Step struct {
	// In and Cmd are the RUN and the command; nil for a lock alone.
	In  *dockerfile.Instruction
	Cmd *dockerfile.Command
	// Line and Column locate Cmd in the Dockerfile (1-based).
	Line, Column int
	// Sync is the lock walk the command asks for; nil for named installs.
	Sync *uvlock.Selection
	// Named are the packages a `pip install NAME…` names, normalized;
	// Unsupported says why a step cannot be costed ("pip install -r
	// requirements.txt: the requirements file is not read").
	Named []string
	// Pins are the versions the command pins with ==, in command-line
	// order (see Pin).
	Pins []Pin
	// Reqs are the requirements the step reads from requirements files
	// (-r FILE, uv pip sync FILE), markers not yet evaluated.
	Reqs        []pep508.Requirement
	Unsupported string
	Installer   Installer

	// target is the environment the install runs for, defaults filled in,
	// inferred on first use (see Env); nil until then, since most steps of
	// a file of many installs are never asked.
	target     *Env
	targetOnce sync.Once
	targetOf   func() Env
}

// Pin is a version a command pins with ==.
type Pin struct{ Name, Version string }

// Pin returns the version the step's command pins name to, the last pin
// winning.
func (s *Step) Pin(name string) (string, bool) {
	for _, v := range slices.Backward(s.Pins) {
		if v.Name == name {
			return v.Version, true
		}
	}
	return "", false
}

// Env is the target the install runs for, defaults filled in.
func (s *Step) Env() Env {
	s.targetOnce.Do(func() {
		if s.targetOf != nil {
			e := s.targetOf()
			s.target = &e
		}
	})
	if s.target == nil {
		return Env{}
	}
	return *s.target
}

// Installs is the result of the installs analyzer.
type Installs struct {
	Steps []*Step
}

// InstallsAnalyzer finds the dependency installs of a unit.
var InstallsAnalyzer = &analysis.Analyzer{
	Name: "installs",
	Doc: "find the dependency installs a Dockerfile runs\n\n" +
		"Each uv sync, uv pip install and pip install in a RUN becomes a step with its flags, its cache handling and its target; a lock given alone is one uv sync with default flags.",
	Requires:   []*analysis.Analyzer{lint.UnitAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer, lint.ConfigAnalyzer, TargetAnalyzer},
	Run:        runInstalls,
	ResultType: reflect.TypeFor[*Installs](),
}

func runInstalls(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	lock := lint.LockOf(pass)
	proj := lint.PyprojectOf(pass)
	tgt, _ := pass.ResultOf[TargetAnalyzer].(*Targets)
	requiresPython := ""
	if lock != nil {
		requiresPython = lock.RequiresPython
	}
	res := &Installs{}
	if f == nil {
		if lock == nil {
			return res, nil
		}
		step := &Step{
			Sync:      defaultSelection(proj),
			Installer: Installer{Tool: "uv"},
			targetOf:  func() Env { return tgt.At(nil, nil).WithDefaults(requiresPython) },
		}
		res.Steps = append(res.Steps, step)
		return res, nil
	}
	unit := lint.UnitOf(pass)
	pins := &pipPins{}
	vars := &stepVars{f: f}
	var walkErr error
	f.Walk(func(in *dockerfile.Instruction) {
		// Most RUNs install no Python package: skip their shell parse.
		if walkErr != nil || !in.Is("run") {
			return
		}
		var cmds []dockerfile.Command
		if mentionsInstaller(f, in) {
			cmds = in.Commands()
		}
		if mayNameInstallerByVariable(f, in) {
			cmds = withNamedByVariable(in, cmds, vars)
		}
		for i := range cmds {
			c := &cmds[i]
			step, err := newStep(f, in, c, proj, unit, pins, vars)
			if err != nil {
				walkErr = err
				return
			}
			if step != nil {
				step.targetOf = func() Env { return tgt.At(in, c).WithDefaults(requiresPython) }
				res.Steps = append(res.Steps, step)
			}
		}
	})
	return res, walkErr
}

// newStep reads one command; it returns nil for commands that install no
// Python packages.
func newStep(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command, proj *pyproject.Project, unit *lint.Unit, pins *pipPins, vars *stepVars) (*Step, error) {
	if c.Has("--dry-run") {
		return nil, nil // resolves (and may download) but installs nothing
	}
	env := vars.at(in, c)
	pos := f.TF.Position(f.TF.Pos(c.Span.Start))
	step := &Step{In: in, Cmd: c, Line: pos.Line, Column: pos.Column}
	switch c.Kind {
	case dockerfile.UVSync:
		step.Sync = syncSelection(c, env, proj)
		step.Installer = uvInstaller(f, in, c, env)
	case dockerfile.UVRun:
		if !uvRunSyncs(c, env, unit) {
			return nil, nil
		}
		step.Sync = syncSelection(c, env, proj)
		step.Installer = uvInstaller(f, in, c, env)
	case dockerfile.UVPipInstall, dockerfile.UVPipSync:
		step.Installer = uvInstaller(f, in, c, env)
		step.Named, step.Pins = namedPackages(c)
	case dockerfile.PipInstall:
		step.Installer = pipInstaller(f, in, c, env, pins)
		step.Named, step.Pins = namedPackages(c)
	default:
		return nil, nil
	}
	if step.Sync == nil {
		var err error
		if step.Reqs, step.Unsupported, err = requirementsOf(c, unit); err != nil {
			return nil, err
		}
		if len(step.Reqs) == 0 && step.Unsupported == "" && (len(step.Named) == 0 || len(step.Named) == 1 && step.Named[0] == "pip") {
			return nil, nil // nothing named, or pip upgrading itself
		}
	}
	return step, nil
}

// uvRunSyncs reports whether a `uv run` in a RUN installs the project's
// dependencies at build time: uv run syncs the project first (the same
// selection flags as uv sync, the dev group included by default) unless
// --no-sync or UV_NO_SYNC says not to, or --no-project runs outside the
// project. Without a lock in the build context there is nothing to cost
// and no sign the command runs in a project: it is left out.
func uvRunSyncs(c *dockerfile.Command, env func(string) (string, bool), unit *lint.Unit) bool {
	if unit == nil || unit.Lock == nil {
		return false
	}
	return !c.Has("--no-sync", "--no-project") && !envTrue(env, "UV_NO_SYNC")
}

// defaultSelection is a bare `uv sync`: the default groups of the project.
func defaultSelection(proj *pyproject.Project) *uvlock.Selection {
	sel := &uvlock.Selection{}
	sel.Groups, sel.AllGroups = defaultGroups(proj)
	return sel
}

// defaultGroups returns tool.uv.default-groups, "dev" when unset.
func defaultGroups(proj *pyproject.Project) ([]string, bool) {
	if proj != nil && proj.UV != nil {
		if proj.UV.DefaultGroupsAll {
			return nil, true
		}
		if proj.UV.DefaultGroups != nil {
			return proj.UV.DefaultGroups, false
		}
	}
	return []string{"dev"}, false
}

// syncSelection reads the flags and UV_* variables of a `uv sync` into the
// lock walk they ask for (uv sync --help; notes §10).
func syncSelection(c *dockerfile.Command, env func(string) (string, bool), proj *pyproject.Project) *uvlock.Selection {
	sel := &uvlock.Selection{
		Packages:           c.Values("--package"),
		AllPackages:        c.Has("--all-packages"),
		Extras:             splitValues(c.Values("--extra")),
		AllExtras:          c.Has("--all-extras"),
		NoExtras:           splitValues(c.Values("--no-extra")),
		NoInstallProject:   c.Has("--no-install-project") || envTrue(env, "UV_NO_INSTALL_PROJECT"),
		NoInstallWorkspace: c.Has("--no-install-workspace") || envTrue(env, "UV_NO_INSTALL_WORKSPACE"),
		NoInstallLocal:     c.Has("--no-install-local") || envTrue(env, "UV_NO_INSTALL_LOCAL"),
		NoInstallPackages:  c.Values("--no-install-package"),
	}
	only := splitValues(c.Values("--only-group"))
	if c.Has("--only-dev") {
		only = append(only, "dev")
	}
	if len(only) > 0 {
		sel.OnlyGroups = true
		sel.Groups = only
	} else {
		if !c.Has("--no-default-groups") && !envTrue(env, "UV_NO_DEFAULT_GROUPS") {
			sel.Groups, sel.AllGroups = defaultGroups(proj)
		}
		sel.Groups = append(sel.Groups, splitValues(c.Values("--group"))...)
		if c.Has("--all-groups") {
			sel.AllGroups = true
		}
	}
	sel.NoGroups = splitValues(c.Values("--no-group"))
	if v, ok := env("UV_NO_GROUP"); ok {
		sel.NoGroups = append(sel.NoGroups, strings.Fields(v)...)
	}
	if c.Has("--no-dev") || envTrue(env, "UV_NO_DEV") {
		sel.NoGroups = append(sel.NoGroups, "dev")
	}
	return sel
}

// uvInstaller reads how uv runs: its cache, link mode, bytecode and build
// concurrency.
func uvInstaller(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command, env func(string) (string, bool)) Installer {
	inst := Installer{Tool: "uv"}
	if use, ok := CacheOf(f, in, c); ok {
		inst.CacheMount, inst.NoCache, inst.LinkMode = use.Mounted, use.Off, use.LinkMode
	} else {
		// uv run: CacheOf reads the install commands only; the
		// default location and the mounts the RUN has decide.
		inst.CacheMount = mountCovers(cacheMounts(f, in, env), "/root/.cache/uv")
		inst.NoCache = c.Has("--no-cache", "-n") || envTrue(env, "UV_NO_CACHE")
	}
	inst.CompileBytecode = c.Has("--compile-bytecode") || envTrue(env, "UV_COMPILE_BYTECODE")
	inst.ConcurrentBuilds = envInt(env, "UV_CONCURRENT_BUILDS")
	inst.MaxJobs = envInt(env, "MAX_JOBS")
	return inst
}

// pipInstaller reads how pip runs: its cache, its version when an earlier
// command pins it.
func pipInstaller(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command, env func(string) (string, bool), pins *pipPins) Installer {
	inst := Installer{Tool: "pip", CompileBytecode: !c.Has("--no-compile")}
	inst.NoCache = c.Has("--no-cache-dir") || envTrue(env, "PIP_NO_CACHE_DIR")
	cacheDir := "/root/.cache/pip"
	if v, ok := env("PIP_CACHE_DIR"); ok && v != "" {
		cacheDir = v
	}
	inst.CacheMount = mountCovers(cacheMounts(f, in, env), path.Clean(cacheDir))
	inst.PipVersion = pins.pinned(f, in, c)
	inst.ConcurrentBuilds = 1 // pip builds one sdist at a time
	inst.MaxJobs = envInt(env, "MAX_JOBS")
	return inst
}

// pipPins finds the pip version a `pip install pip==X` before a command
// (in the same RUN or an earlier one of the stage and the stages it builds
// on) installs. Only RUNs whose text holds "pip=" can pin it; the first pin
// of each such RUN is found once, so that a file of many installs is not
// searched again for each.
type pipPins struct {
	// byStage holds, by stage index, the RUNs of the stage that pin pip,
	// in source order.
	byStage map[int][]pipPin
}

type pipPin struct {
	at      int // the RUN's offset
	version string
}

// pinned returns the pip version installed before c.
func (p *pipPins) pinned(f *dockerfile.File, in *dockerfile.Instruction, c *dockerfile.Command) string {
	if pinsPip(f, in) {
		if v := firstPipPin(in.Commands(), c); v != "" {
			return v
		}
	}
	if in.Stage == nil {
		return ""
	}
	for i, st := range f.StageChain(in.Stage) {
		list := p.stage(f, st)
		n := len(list)
		if i == 0 {
			// The RUNs of in's own stage that come before it.
			n, _ = slices.BinarySearchFunc(list, in.Span.Start, func(x pipPin, at int) int { return x.at - at })
		}
		if n > 0 {
			return list[n-1].version
		}
	}
	return ""
}

// stage returns the RUNs of st that pin pip.
func (p *pipPins) stage(f *dockerfile.File, st *dockerfile.Stage) []pipPin {
	if list, ok := p.byStage[st.Index]; ok {
		return list
	}
	var list []pipPin
	for _, in := range st.Instructions {
		if in.Is("run") && pinsPip(f, in) {
			if v := firstPipPin(in.Commands(), nil); v != "" {
				list = append(list, pipPin{in.Span.Start, v})
			}
		}
	}
	if p.byStage == nil {
		p.byStage = map[int][]pipPin{}
	}
	p.byStage[st.Index] = list
	return list
}

// pinsPip reports whether a RUN's text can pin pip.
func pinsPip(f *dockerfile.File, in *dockerfile.Instruction) bool {
	return f.MayMention(in, "pip=")
}

// firstPipPin returns the version the first `pip install pip==X` among
// cmds before stop pins.
func firstPipPin(cmds []dockerfile.Command, stop *dockerfile.Command) string {
	for i := range cmds {
		if &cmds[i] == stop {
			break
		}
		if cmds[i].Kind != dockerfile.PipInstall {
			continue
		}
		for _, a := range cmds[i].Args {
			if name, ver, ok := strings.Cut(a.Value, "=="); ok && uvlock.NormalizeName(name) == "pip" {
				return ver
			}
		}
	}
	return ""
}

// requirementsOf reads the requirements files a pip-style install names,
// or says which one is not in the build context.
func requirementsOf(c *dockerfile.Command, unit *lint.Unit) ([]pep508.Requirement, string, error) {
	var reqs []pep508.Requirement
	for _, name := range c.RequirementFiles() {
		sf, err := unit.Requirement(name)
		if err != nil {
			return nil, "", err
		}
		if sf == nil {
			return nil, "installs from " + name + ", which is not in the build context", nil
		}
		reqs = append(reqs, parseRequirements(sf.Src)...)
	}
	return reqs, "", nil
}

// parseRequirements reads a requirements file as pip and uv export write
// it: one requirement per line, backslash continuations, comments, --hash
// and other options skipped; lines that do not parse are skipped too (pip
// would fail on them, and the install step then costs nothing).
func parseRequirements(src []byte) []pep508.Requirement {
	text := strings.ReplaceAll(string(src), "\\\n", " ")
	var reqs []pep508.Requirement
	for line := range strings.SplitSeq(text, "\n") {
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '-' {
			continue
		}
		if i := strings.Index(line, " --"); i >= 0 {
			line = strings.TrimSpace(line[:i]) // --hash=sha256:… after the requirement
		}
		if r, err := pep508.ParseRequirement(line); err == nil {
			reqs = append(reqs, r)
		}
	}
	return reqs
}

// namedPackages returns the distributions a pip-style install names on its
// command line, and the versions it pins with ==.
func namedPackages(c *dockerfile.Command) ([]string, []Pin) {
	if c.Kind == dockerfile.UVPipSync {
		return nil, nil // its operands are requirements files
	}
	var names []string
	// A slice, not a map: a command pins a few packages, and a map of one
	// costs several hundred bytes on each of thousands of install steps.
	var pins []Pin
	for _, a := range c.Args {
		v := a.Value
		if v == "" || strings.ContainsAny(v, "/$") || v == "." || strings.HasSuffix(v, ".whl") {
			continue
		}
		r, err := pep508.ParseRequirement(v)
		if err != nil || r.URL != "" {
			continue
		}
		name := uvlock.NormalizeName(r.Name)
		names = append(names, name)
		if version, ok := strings.CutPrefix(r.Specifier, "=="); ok && !strings.ContainsAny(version, ",*") {
			pins = append(pins, Pin{name, strings.TrimSpace(version)})
		}
	}
	return names, pins
}

// stepVars gives the variables an install command sees: its own
// assignments (UV_NO_DEV=1 uv sync), then the ENV and ARG values of the
// Dockerfile before the RUN, as BuildKit sets them in the RUN's
// environment: quotes removed ("/opt/uv-cache" is /opt/uv-cache) and
// references to other ARG and ENV values expanded. A value that names a
// variable nothing settles is unknown.
type stepVars struct {
	f *dockerfile.File
	x *dockerfile.Expander
}

func (v *stepVars) at(in *dockerfile.Instruction, c *dockerfile.Command) func(string) (string, bool) {
	var scope shell.EnvGetter
	return func(key string) (string, bool) {
		if s, ok := c.Env[key]; ok {
			if !strings.Contains(s, "$") {
				return strings.Trim(s, `"'`), true
			}
		}
		if scope == nil {
			scope = dockerfile.ScopeOf(v.f).VarsAt(in)
		}
		s, ok := c.Env[key]
		if !ok {
			if s, ok = scope.Get(key); !ok {
				return "", false
			}
		}
		if !strings.Contains(s, "$") {
			return s, true
		}
		if v.x == nil {
			v.x = dockerfile.NewExpander(v.f)
		}
		res, err := v.x.WithMatches(s, scope)
		if err != nil || len(res.Unmatched) > 0 {
			return "", false
		}
		return res.Result, true
	}
}

// splitValues splits comma-separated option values ("--extra a,b" is not
// uv syntax, but UV_* lists are space separated) into names.
func splitValues(vals []string) []string {
	var out []string
	for _, v := range vals {
		out = append(out, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })...)
	}
	return out
}

func envTrue(env func(string) (string, bool), key string) bool {
	v, ok := env(key)
	return ok && dockerfile.Truthy(v)
}

func envInt(env func(string) (string, bool), key string) int {
	v, ok := env(key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.Trim(v, `"'`))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// mayNameInstallerByVariable reports whether a RUN may run an installer
// named through a variable ($UV sync, ${PIP} install x): a cheap test
// before the shell parse.
func mayNameInstallerByVariable(f *dockerfile.File, in *dockerfile.Instruction) bool {
	return bytes.IndexByte(f.Src[in.Span.Start:in.Span.End], '$') >= 0 &&
		(f.MayMention(in, "sync") || f.MayMention(in, "install") || f.MayMention(in, "run"))
}

// withNamedByVariable adds to cmds, in source order, the installers a RUN
// names through a variable whose value an earlier assignment of the same
// script or the ARG and ENV values before the RUN settle: `$UV sync` after
// ARG UV=/usr/local/bin/uv, `PIP=pip3 && ${PIP} install x`. A program
// word that stays unknown names no installer.
func withNamedByVariable(in *dockerfile.Instruction, cmds []dockerfile.Command, vars *stepVars) []dockerfile.Command {
	calls := in.Calls()
	added := false
	for i := range calls {
		call := &calls[i]
		if call.Name != "" {
			continue
		}
		w := call.ProgramWord()
		if w == nil || w.Literal {
			continue
		}
		program, ok := vars.program(in, call, w)
		if !ok {
			continue
		}
		if cmd, ok := call.CommandAs(program); ok {
			if !added {
				cmds = slices.Clone(cmds) // Commands() is shared
				added = true
			}
			cmds = append(cmds, cmd)
		}
	}
	if added {
		slices.SortStableFunc(cmds, func(a, b dockerfile.Command) int { return a.Span.Start - b.Span.Start })
	}
	return cmds
}

// program expands the program word w of call: the last plain assignment
// of the variable before the call in the same script wins over the ARG
// and ENV values; an assignment that is not a plain literal, or a
// variable nothing sets, leaves it unknown.
func (v *stepVars) program(in *dockerfile.Instruction, call *dockerfile.Call, w *dockerfile.CmdWord) (string, bool) {
	scope := dockerfile.ScopeOf(v.f).VarsAt(in)
	assigned := scriptAssignments(call, w.Span.Start)
	lookup := func(k string) (string, bool) {
		if val, ok := assigned[k]; ok {
			return val, val != "\x00"
		}
		return scope.Get(k)
	}
	if v.x == nil {
		v.x = dockerfile.NewExpander(v.f)
	}
	res, err := v.x.WithMatches(w.Value, lookupEnv(lookup))
	if err != nil || len(res.Unmatched) > 0 || res.Result == "" || strings.ContainsAny(res.Result, " \t") {
		return "", false
	}
	return res.Result, true
}

// scriptAssignments are the variables the script of call assigns before
// the offset end: name → literal value, or "\x00" for a value that is not
// a plain literal.
func scriptAssignments(call *dockerfile.Call, end int) map[string]string {
	out := map[string]string{}
	sc := call.Script
	if sc == nil || sc.File == nil {
		return out
	}
	syntax.Walk(sc.File, func(n syntax.Node) bool {
		a, ok := n.(*syntax.Assign)
		if !ok || a.Name == nil || sc.Span(a).Start >= end {
			return true
		}
		val := "\x00"
		if a.Value == nil {
			val = ""
		} else if lit := a.Value.Lit(); lit != "" || len(a.Value.Parts) == 0 {
			val = lit
		}
		out[a.Name.Value] = val
		return true
	})
	return out
}

// lookupEnv is a lookup function as a shell.EnvGetter.
type lookupEnv func(string) (string, bool)

func (l lookupEnv) Get(k string) (string, bool) { return l(k) }
func (l lookupEnv) Keys() []string              { return nil }

// mentionsInstaller reports whether a RUN may run pip (pip3.12, python -m
// pip, /opt/venv/bin/pip) or uv: a cheap test before the shell parse.
func mentionsInstaller(f *dockerfile.File, in *dockerfile.Instruction) bool {
	return f.MayMention(in, "pip") || f.MayRunUV(in)
}

// SyncWords spans the words "uv sync" of a uv sync command as written
// (wrappers and assignments before it left out): where a finding about the
// sync points, and after which a fix adds an option.
func SyncWords(f *dockerfile.File, c *dockerfile.Command) dockerfile.Span {
	sp := c.Span
	if j := strings.Index(string(f.Src[sp.Start:sp.End]), "sync"); j >= 0 {
		sp.End = sp.Start + j + len("sync")
	}
	return sp
}
