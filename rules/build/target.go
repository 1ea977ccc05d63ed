package build

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// Base is what ballast knows about a base image reference.
type Base struct {
	// Ref is the reference with ARG defaults substituted.
	Ref string
	// Python is "3.12" or "3.12.7"; "" when the image has no known Python.
	Python string
	// Libc is "glibc 2.36", "musl", or "" when unknown.
	Libc string
	// Source says where the values came from: "FROM python:3.12-slim".
	Source string
}

// Stage is what the base image of one stage provides, without the
// platform, overrides or defaults: BA203 compares it with the lock.
type Stage struct {
	Base
	// Known is false when the base image is not in the table. A known base
	// may still leave Python empty (ubuntu, python:latest).
	Known bool
}

// Targets holds, by stage index, what each stage's FROM line gives.
type Targets struct {
	file   *dockerfile.File
	config Env

	// stages and envs are inferred on first use: most Dockerfiles have
	// no install a rule asks about.
	once   sync.Once
	stages []Stage
	envs   []Env

	installs pythonInstalls
	// pin is the project's .python-version when the image gets it.
	pin *pythonPin
}

// Stages are the base images' facts in BA203's terms, one per stage.
func (r *Targets) Stages() []Stage {
	r.once.Do(r.infer)
	return r.stages
}

// Envs are the stages' environments: the base image's facts, the platform
// of FROM --platform, and the configuration's overrides; no defaults (see
// Env.WithDefaults). At refines them for one install step.
func (r *Targets) Envs() []Env {
	r.once.Do(r.infer)
	return r.envs
}

// TargetAnalyzer infers each stage's environment from its FROM line.
var TargetAnalyzer = &analysis.Analyzer{
	Name:       "target",
	Doc:        "infer each stage's Python, platform, libc and CUDA from its base image\n\nUnknown bases are reported as unknown, never guessed; every value says where it came from.",
	Requires:   []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.ConfigAnalyzer, lint.UnitAnalyzer},
	Run:        runTarget,
	ResultType: reflect.TypeFor[*Targets](),
}

func runTarget(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	res := infer(f, lint.ConfigOf(pass))
	// The unit's files are read here, once, before any rule asks for a
	// step's target.
	pin, err := readPythonPin(f, lint.UnitOf(pass))
	if err != nil {
		return nil, err
	}
	res.pin = pin
	return res, nil
}

// infer builds the Targets of f under cfg; the stages are inferred when
// first asked for.
func infer(f *dockerfile.File, cfg *lint.Config) *Targets {
	return &Targets{file: f, config: configEnv(cfg)}
}

// infer fills the stages and their environments.
func (res *Targets) infer() {
	f := res.file
	if f == nil {
		return
	}
	x := dockerfile.NewExpander(f)
	// FROM lines expand in the global scope of the configured platform,
	// else in the file's own (linux/amd64).
	global := dockerfile.ScopeOf(f).Global
	if c := res.config; c.Arch.Known() {
		global = f.GlobalScopeOn(dockerfile.Platform{OS: c.OS.V, Arch: c.Arch.V, Variant: c.Variant.V}, x)
	}
	byName := map[string]int{}
	for i, st := range f.Stages {
		ref := x.Expand(st.Typed.BaseName, global.Env)
		var s Stage
		var env Env
		if parent, ok := byName[strings.ToLower(ref)]; ok {
			s, env = res.stages[parent], res.envs[parent]
		} else if e, ok := LookupEnv(ref); ok {
			s = Stage{Base: baseOf(ref, e), Known: true}
			s.Source = "FROM " + ref
			env = e
		} else {
			s = Stage{Base: Base{Ref: ref, Source: "FROM " + ref}}
		}
		if p, ok := fromPlatform(global, x, st.Typed.Platform); ok {
			src := "FROM --platform=" + p.String()
			env.OS, env.Arch, env.Variant = Value{p.OS, src}, Value{p.Arch, src}, Value{p.Variant, src}
		}
		res.stages = append(res.stages, s)
		res.envs = append(res.envs, env.override(res.config))
		if st.Name != "" {
			byName[st.Name] = i
		}
	}
}

// Lookup returns what the table knows of an image reference, in the terms
// BA203 reads: the Python (without a free-threading mark) and the libc as
// "glibc 2.36" or "musl".
func Lookup(ref string) (Base, bool) {
	e, ok := LookupEnv(ref)
	return baseOf(ref, e), ok
}

func baseOf(ref string, e Env) Base {
	b := Base{Ref: ref, Python: strings.TrimSuffix(e.Python.V, "t")}
	switch e.Libc.V {
	case "glibc":
		b.Libc = "glibc"
		if e.LibcVersion.V != "" {
			b.Libc += " " + e.LibcVersion.V
		}
	case "musl":
		b.Libc = "musl"
	}
	return b
}

// splitRef splits "registry/name:tag@digest" into a lower-case name and a
// tag: "latest" when absent, "" when a digest alone names the image.
func splitRef(ref string) (string, string) {
	r := dockerfile.ParseImageRef(ref)
	tag := r.Tag
	if r.TagAt < 0 && r.Digest == "" {
		tag = "latest"
	}
	return strings.ToLower(r.Name), tag
}

// MinorOf splits "3.12" or "3.12.7" into 3 and 12.
func MinorOf(python string) (int, int, bool) {
	var major, minor int
	if _, err := fmt.Sscanf(python, "%d.%d", &major, &minor); err != nil {
		return 0, 0, false
	}
	return major, minor, true
}
