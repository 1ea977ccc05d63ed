package build

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep440"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Value is one derived fact with where it came from. A zero Value is
// unknown; a Value with a Source and an empty V is known to be absent (no
// C library in a scratch image).
type Value struct {
	V string
	// Source is "FROM python:3.11-slim", "ENV UV_PYTHON=3.12 (Dockerfile:7)",
	// "--python 3.12 (Dockerfile:9)", "FROM --platform=linux/arm64",
	// "config" or "default".
	Source string
}

// Known reports whether the value was derived from anything.
func (v Value) Known() bool { return v.Source != "" }

// Env is the environment an install runs in.
type Env struct {
	// Python is "3.12", "3.12.7", or "3.13t" for a free-threaded build.
	Python Value
	// Implementation is "cpython", "pypy" or "graalpy".
	Implementation Value
	// OS, Arch and Variant are the Docker platform: "linux", "arm64", "v7".
	OS, Arch, Variant Value
	// Libc is "glibc", "musl", or "" on Windows and in scratch images.
	Libc Value
	// LibcVersion is "2.36" for glibc, the series "1.2" for musl.
	LibcVersion Value
	// Distro is "debian 12 (bookworm)", "ubuntu 22.04 (jammy)",
	// "alpine 3.20".
	Distro Value
	// CUDA is "12.4.1" when the base image has CUDA; CuDNN is "9".
	CUDA, CuDNN Value
	// Torch is the torch version preinstalled in the base image.
	Torch Value
	// Defaulted names the fields WithDefaults filled ("Python", "Arch").
	Defaulted []string
}

// The documented defaults for what nothing else decides.
const (
	DefaultPython      = "3.12" // when no requires-python narrows it
	DefaultOS          = "linux"
	DefaultArch        = "amd64"
	DefaultLibc        = "glibc"
	DefaultLibcVersion = "2.36" // Debian 12 bookworm's, a conservative manylinux floor
)

// WithDefaults returns e with every unknown field that has a documented
// default filled and named in Defaulted: CPython of the lowest minor
// version requires-python allows (DefaultPython when it is empty or
// allows none of 3.8 to 3.20), linux/amd64, glibc 2.36. CUDA, cuDNN and
// torch have no default: unknown means absent.
func (e Env) WithDefaults(requiresPython string) Env {
	e.Defaulted = append([]string(nil), e.Defaulted...)
	set := func(name string, v *Value, def string) {
		if !v.Known() {
			*v = Value{def, "default"}
			e.Defaulted = append(e.Defaulted, name)
		}
	}
	set("Python", &e.Python, lowestPython(requiresPython))
	set("Implementation", &e.Implementation, "cpython")
	set("OS", &e.OS, DefaultOS)
	set("Arch", &e.Arch, DefaultArch)
	if e.OS.V != "linux" {
		set("Libc", &e.Libc, "")
		set("LibcVersion", &e.LibcVersion, "")
		return e
	}
	set("Libc", &e.Libc, DefaultLibc)
	switch e.Libc.V {
	case "glibc":
		set("LibcVersion", &e.LibcVersion, DefaultLibcVersion)
	case "musl":
		set("LibcVersion", &e.LibcVersion, muslVersion)
	}
	return e
}

// lowestPython is the lowest 3.x minor that requiresPython allows.
func lowestPython(requiresPython string) string {
	if strings.TrimSpace(requiresPython) == "" {
		return DefaultPython
	}
	spec, err := pep440.ParseSpecifiers(requiresPython)
	if err != nil {
		return DefaultPython
	}
	for minor := 8; minor <= 20; minor++ {
		if spec.AllowsMinor(3, minor) {
			return fmt.Sprintf("3.%d", minor)
		}
	}
	return DefaultPython
}

// override returns e with every known field of o put over it.
func (e Env) override(o Env) Env {
	for _, p := range [...]struct{ dst, src *Value }{
		{&e.Python, &o.Python}, {&e.Implementation, &o.Implementation},
		{&e.OS, &o.OS}, {&e.Arch, &o.Arch}, {&e.Variant, &o.Variant},
	} {
		if p.src.Known() {
			*p.dst = *p.src
		}
	}
	return e
}

// configEnv is the part of the environment the configuration fixes. An
// invalid platform or Python request is ignored here; the command line
// checks it with ParsePlatform and ParsePythonRequest.
func configEnv(cfg *lint.Config) Env {
	var e Env
	if cfg == nil {
		return e
	}
	if p, err := ParsePlatform(cfg.Platform); err == nil {
		e.OS, e.Arch, e.Variant = Value{p.OS, "config"}, Value{p.Arch, "config"}, Value{p.Variant, "config"}
	}
	if r, ok := ParsePythonRequest(cfg.Python); ok {
		e.Python = Value{r.Version, "config"}
		if r.Implementation != "" {
			e.Implementation = Value{r.Implementation, "config"}
		}
	}
	return e
}

// archAlias normalises an architecture name the way containerd's
// platforms package does. The tables of this package are switches and
// slices rather than maps: a map is built at every start-up, of every
// command, where a switch costs nothing until it is asked.
func archAlias(name string) (dockerfile.Platform, bool) {
	switch name {
	case "x86_64", "x86-64", "amd64":
		return dockerfile.Platform{Arch: "amd64"}, true
	case "aarch64", "arm64":
		return dockerfile.Platform{Arch: "arm64"}, true
	case "armhf", "arm":
		return dockerfile.Platform{Arch: "arm", Variant: "v7"}, true
	case "armel":
		return dockerfile.Platform{Arch: "arm", Variant: "v6"}, true
	case "i386", "i686", "386":
		return dockerfile.Platform{Arch: "386"}, true
	case "ppc64le", "s390x", "riscv64", "loong64", "mips64le":
		return dockerfile.Platform{Arch: name}, true
	}
	return dockerfile.Platform{}, false
}

func knownOS(name string) bool {
	switch name {
	case "linux", "windows", "darwin", "freebsd":
		return true
	}
	return false
}

// ParsePlatform reads "linux/arm64", "linux/arm/v7", "linux" or "arm64"
// (the OS then being linux), normalising architecture aliases (aarch64 is
// arm64, x86_64 is amd64).
func ParsePlatform(s string) (dockerfile.Platform, error) {
	parts := strings.Split(strings.ToLower(strings.TrimSpace(s)), "/")
	var p dockerfile.Platform
	switch len(parts) {
	case 1:
		if knownOS(parts[0]) {
			return dockerfile.Platform{OS: parts[0], Arch: DefaultArch}, nil
		}
		p.OS = DefaultOS
		parts = append([]string{p.OS}, parts...)
	case 2, 3:
		p.OS = parts[0]
	default:
		return p, fmt.Errorf("platform %q: want os/arch[/variant]", s)
	}
	if !knownOS(p.OS) {
		return dockerfile.Platform{}, fmt.Errorf("platform %q: unknown operating system %q", s, p.OS)
	}
	a, ok := archAlias(parts[1])
	if !ok {
		return dockerfile.Platform{}, fmt.Errorf("platform %q: unknown architecture %q", s, parts[1])
	}
	p.Arch, p.Variant = a.Arch, a.Variant
	if len(parts) == 3 {
		if parts[2] == "" {
			return dockerfile.Platform{}, fmt.Errorf("platform %q: empty variant", s)
		}
		p.Variant = parts[2]
		if p.Arch == "arm64" && p.Variant == "v8" {
			p.Variant = ""
		}
	}
	return p, nil
}

// PythonRequest is a Python interpreter request as uv reads one in
// --python and UV_PYTHON.
type PythonRequest struct {
	// Implementation is "cpython", "pypy" or "graalpy"; "" when the
	// request names none.
	Implementation string
	// Version is "3.12", "3.12.7" or "3.13t".
	Version string
}

var pythonRequest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(cpython|cp|pypy|pp|graalpy|python)?[@-]?(\d)(?:\.(\d+)(\.\d+)?|(\d+))(t)?$`)
})

// implementation is the Python implementation a request's prefix names,
// "" for none or "python".
func implementation(prefix string) string {
	switch prefix {
	case "cpython", "cp":
		return "cpython"
	case "pypy", "pp":
		return "pypy"
	case "graalpy":
		return "graalpy"
	}
	return ""
}

// ParsePythonRequest reads the requests that name a version: "3.12",
// "3.12.7", "cpython@3.12", "cpython3.12", "cp312", "pypy@3.10",
// "python3.12", "3.13t". Paths, ranges ("\u003e=3.12") and bare names say no
// version and are not read.
func ParsePythonRequest(s string) (PythonRequest, bool) {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'`))
	if !strings.ContainsAny(s, "0123456789") {
		// No version to read (the unset configuration of most runs): the
		// expression, which needs a digit, is not compiled for it.
		return PythonRequest{}, false
	}
	m := pythonRequest().FindStringSubmatch(s)
	if m == nil {
		return PythonRequest{}, false
	}
	minor := m[3] + m[5]
	if m[5] != "" && m[1] != "cp" && m[1] != "pp" {
		return PythonRequest{}, false // "python312" is not a request uv reads
	}
	return PythonRequest{Implementation: implementation(m[1]), Version: m[2] + "." + minor + m[4] + m[6]}, true
}

// fromPlatform reads a FROM line's --platform value in the global scope g.
// A value that only restates the build's own platform through the
// automatic arguments ($BUILDPLATFORM, linux/$TARGETARCH) says nothing the
// build does not: it is left to the configuration or the default.
func fromPlatform(g *dockerfile.GlobalScope, x *dockerfile.Expander, word string) (dockerfile.Platform, bool) {
	if word == "" {
		return dockerfile.Platform{}, false
	}
	res, err := x.WithMatches(word, g.Env)
	if err != nil {
		return dockerfile.Platform{}, false
	}
	p, err := ParsePlatform(res.Result)
	if err != nil {
		return dockerfile.Platform{}, false
	}
	automatic := len(res.Matched) > 0
	for k := range res.Matched {
		automatic = automatic && g.Automatic(k)
	}
	if automatic && p == g.Platform {
		return dockerfile.Platform{}, false
	}
	return p, true
}

// takesPython reports whether a uv command takes --python.
func takesPython(k dockerfile.Kind) bool {
	switch k {
	case dockerfile.UVSync, dockerfile.UVPipInstall, dockerfile.UVPipSync,
		dockerfile.UVAdd, dockerfile.UVVenv, dockerfile.UVRun:
		return true
	default:
		return false
	}
}

// At is the environment of one install step: the stage's environment
// refined by what the stage (and the stages it builds on) did before in,
// and by cmd itself. From weakest to strongest: the base image; the
// nearest earlier `uv python install X` or `uv venv --python X`; the
// nearest earlier ENV UV_PYTHON; UV_PYTHON=X before the command; --python
// or -p on it; the configuration. An ENV UV_PYTHON that names no version
// (a path) hands the choice back to the base image. The uv requests apply
// when cmd is a uv command or nil (the environment a uv command at in
// would see); pip, poetry and conda run the image's Python. The
// project's .python-version, once the image has it, comes between the
// uv python install and ENV UV_PYTHON, as uv ranks its requests.
func (r *Targets) At(in *dockerfile.Instruction, cmd *dockerfile.Command) Env {
	env := r.config
	if envs := r.Envs(); in != nil && in.Stage != nil && in.Stage.Index < len(envs) {
		env = envs[in.Stage.Index]
	}
	if r.file == nil || in == nil || (cmd != nil && !takesPython(cmd.Kind)) {
		return env.override(r.config)
	}
	limit := in.Span.Start
	if cmd != nil {
		limit = cmd.Span.Start
	}
	var installed, fromEnv, pinned Value
	if in.Stage != nil {
		// The nearest ENV UV_PYTHON before in ends the search for an
		// earlier uv python install or uv venv, and, even when it names a
		// path, outranks .python-version.
		envIn, _, envSet := r.file.EnvSetBefore(in, "UV_PYTHON")
		if !envSet {
			pinned = r.pin.before(r.file, in)
		}
		var envStage *dockerfile.Stage
		envAt := -1
		if envSet {
			fromEnv, _ = r.envPython(envIn)
			envStage, envAt = envIn.Stage, r.file.IndexInStage(envIn)
		}
		st, cut := in.Stage, r.file.IndexInStage(in)
		if cut < len(st.Instructions) && st.Instructions[cut] == in {
			installed = r.installedPython(in, limit)
		}
		for !installed.Known() && st != nil {
			lo := -1
			if st == envStage {
				lo = envAt
			}
			if cut > 0 {
				if j := r.nearestInstall(st, cut-1); j > lo {
					installed = r.installs.values[st.Instructions[j]]
				}
			}
			if st == envStage {
				break
			}
			if st = r.file.Parent(st); st != nil {
				cut = len(st.Instructions)
			}
		}
	}
	for _, v := range []Value{installed, pinned, fromEnv, r.commandPython(in, cmd)} {
		if v.Known() {
			env = env.withPython(v)
		}
	}
	return env.override(r.config)
}

// withPython sets the Python of a request sourced v.
func (e Env) withPython(v Value) Env {
	req, _ := ParsePythonRequest(v.V)
	e.Python = Value{req.Version, v.Source}
	if req.Implementation != "" {
		e.Implementation = Value{req.Implementation, v.Source}
	}
	return e
}

// where is " (Dockerfile:7)" for a byte offset.
func (r *Targets) where(offset int) string {
	return fmt.Sprintf(" (%s:%d)", r.file.Name, r.file.Position(offset).Line)
}

// envPython is the UV_PYTHON an ENV instruction sets, if it sets one:
// zero when it names no version.
func (r *Targets) envPython(in *dockerfile.Instruction) (Value, bool) {
	env, ok := in.Command.(*instructions.EnvCommand)
	if !ok {
		return Value{}, false
	}
	for _, kv := range slices.Backward(env.Env) {

		if kv.Key != "UV_PYTHON" {
			continue
		}
		v, ok := r.expanded(in, kv.Value, !strings.Contains(kv.Value, "$"))
		if _, isRequest := ParsePythonRequest(v); !ok || !isRequest {
			return Value{}, true
		}
		v = strings.Trim(v, `"'`)
		return Value{v, "ENV UV_PYTHON=" + v + r.where(in.Span.Start)}, true
	}
	return Value{}, false
}

// commandPython is the Python cmd (a command of in) asks for with
// --python/-p or a UV_PYTHON assignment before it.
func (r *Targets) commandPython(in *dockerfile.Instruction, cmd *dockerfile.Command) Value {
	if cmd == nil || !takesPython(cmd.Kind) {
		return Value{}
	}
	for _, fl := range slices.Backward(cmd.Flags) {
		if fl.Name != "--python" && fl.Name != "-p" {
			continue
		}
		if v, ok := r.expanded(in, fl.Value, fl.Literal); ok {
			if _, ok := ParsePythonRequest(v); ok {
				return Value{v, fl.Name + " " + v + r.where(fl.Span.Start)}
			}
		}
	}
	if v, ok := cmd.Env["UV_PYTHON"]; ok {
		if _, ok := ParsePythonRequest(v); ok {
			v = strings.Trim(v, `"'`)
			return Value{v, "UV_PYTHON=" + v + r.where(cmd.Span.Start)}
		}
	}
	return Value{}
}

// uvGlobalValueFlag reports whether a uv option takes a value, as far as
// `uv python install` is read.
func uvGlobalValueFlag(name string) bool {
	switch name {
	case "--install-dir", "-i", "--mirror", "--pypy-mirror", "--python-downloads-json-url",
		"--cache-dir", "--directory", "--project", "--config-file", "--color", "--allow-insecure-host":
		return true
	}
	return false
}

// installedPython is the Python the last `uv venv --python X` or
// `uv python install X` (with exactly one version) of in makes available,
// among those starting before the offset end.
func (r *Targets) installedPython(in *dockerfile.Instruction, end int) Value {
	var best Value
	bestAt := -1
	if !r.file.MayRunUV(in) {
		return best // no uv venv, no uv python install: skip the shell parse
	}
	for _, c := range in.Commands() {
		if c.Kind != dockerfile.UVVenv || c.Span.Start >= end {
			continue
		}
		if v := r.commandPython(in, &c); v.Known() && c.Span.Start > bestAt {
			best, bestAt = Value{v.V, "uv venv " + v.Source}, c.Span.Start
		}
	}
	calls := in.Calls()
	for i := range calls {
		c := &calls[i]
		if c.Name != "uv" || c.Span.Start <= bestAt || c.Span.Start >= end {
			continue
		}
		_, words := c.Flags(uvGlobalValueFlag)
		if len(words) != 3 || words[0].Value != "python" || words[1].Value != "install" {
			continue
		}
		v, ok := r.expanded(in, words[2].Value, words[2].Literal)
		if _, isRequest := ParsePythonRequest(v); ok && isRequest {
			best = Value{v, "uv python install " + v + r.where(words[2].Span.Start)}
			bestAt = c.Span.Start
		}
	}
	return best
}

// expanded is a word of in as the shell sees it: as written when literal,
// else its source text expanded in the ARG and ENV values before in
// (`uv python install "${PYTHON_VERSION}"` after ARG PYTHON_VERSION=3.12).
// A word naming a variable nothing settles is not known.
func (r *Targets) expanded(in *dockerfile.Instruction, word string, literal bool) (string, bool) {
	if literal {
		return word, true
	}
	if in.Stage == nil {
		return "", false
	}
	res, err := dockerfile.NewExpander(r.file).WithMatches(word, dockerfile.ScopeOf(r.file).VarsAt(in))
	if err != nil || len(res.Unmatched) > 0 {
		return "", false
	}
	return res.Result, true
}

// pythonInstalls indexes the instructions that make a Python available
// with uv, so that each install step finds the nearest before it without
// reading every instruction before it again.
type pythonInstalls struct {
	once sync.Once
	// nearest holds, by stage index and for each instruction of the stage,
	// the index of the nearest one at or before it with a value, or -1.
	nearest [][]int32
	values  map[*dockerfile.Instruction]Value
}

// nearestInstall is the index of the nearest instruction of st at or
// before index j that installs a Python with uv, or -1.
func (r *Targets) nearestInstall(st *dockerfile.Stage, j int) int {
	ix := &r.installs
	ix.once.Do(func() {
		ix.nearest = make([][]int32, len(r.file.Stages))
		ix.values = map[*dockerfile.Instruction]Value{}
		for i, s := range r.file.Stages {
			near := make([]int32, len(s.Instructions))
			last := int32(-1)
			for k, in := range s.Instructions {
				if v := r.installedPython(in, in.Span.End); v.Known() {
					ix.values[in], last = v, int32(k)
				}
				near[k] = last
			}
			ix.nearest[i] = near
		}
	})
	if st.Index >= len(ix.nearest) || j >= len(ix.nearest[st.Index]) {
		return -1
	}
	return int(ix.nearest[st.Index][j])
}

// String renders the known values: "cpython 3.12 linux/amd64 glibc 2.36
// debian 12 (bookworm)".
func (e Env) String() string {
	var parts []string
	add := func(s ...string) {
		if t := strings.TrimSpace(strings.Join(s, " ")); t != "" {
			parts = append(parts, t)
		}
	}
	add(e.Implementation.V, e.Python.V)
	if e.OS.V != "" || e.Arch.V != "" {
		p := dockerfile.Platform{OS: e.OS.V, Arch: e.Arch.V, Variant: e.Variant.V}
		add(p.String())
	}
	add(e.Libc.V, e.LibcVersion.V)
	add(e.Distro.V)
	if e.CUDA.V != "" {
		add("cuda", e.CUDA.V)
	}
	if e.CuDNN.V != "" {
		add("cudnn", e.CuDNN.V)
	}
	if e.Torch.V != "" {
		add("torch", e.Torch.V)
	}
	return strings.Join(parts, " ")
}
