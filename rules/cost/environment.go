package cost

import (
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
)

// envKind says where an install step puts its packages, as far as it
// decides whether packages the base image already holds count as installed.
type envKind int

const (
	// envSystem is the interpreter's own site-packages (pip with no venv,
	// uv pip install --system): what the base holds is installed.
	envSystem envKind = iota + 1
	// envVenvSystemSite is a venv made with --system-site-packages that
	// pip installs into: pip finds what the base holds.
	envVenvSystemSite
	// envVenv is a venv pip installs into that does not see the base's
	// site-packages: made with --system-site-packages it would.
	envVenv
	// envIsolated is an environment that downloads the base's packages
	// again whatever it is made with: uv sync's project environment, or
	// uv pip install into a venv (uv counts no package of the system
	// site-packages as installed).
	envIsolated
)

// venv is a virtual environment a RUN creates.
type venv struct {
	dir        string
	systemSite bool
}

// installEnv says where step sc installs, and for a pip install into a
// venv the venv's directory.
func installEnv(f *dockerfile.File, sc *build.StepCost) (envKind, string) {
	if sc.Sync != nil {
		return envIsolated, ""
	}
	if sc.Installer.Tool == "uv" {
		if sc.Cmd.Has("--system") || truthy(sc.Cmd.Env["UV_SYSTEM_PYTHON"]) || truthyEnv(f, sc.In, "UV_SYSTEM_PYTHON") {
			return envSystem, ""
		}
		return envIsolated, ""
	}
	venvs := venvsBefore(f, sc.In, sc.Cmd.Span.Start)
	if len(venvs) == 0 {
		return envSystem, ""
	}
	// The pip is a venv's when it is named by the venv's path, or the venv
	// comes first on PATH or is VIRTUAL_ENV.
	pathEnv, _ := f.EnvBefore(sc.In, "PATH")
	virtualEnv, _ := f.EnvBefore(sc.In, "VIRTUAL_ENV")
	for _, v := range slices.Backward(venvs) {
		if strings.HasPrefix(sc.Cmd.Name, v.dir+"/") || strings.Contains(pathEnv, v.dir+"/bin") || path.Clean(virtualEnv) == v.dir {
			if v.systemSite {
				return envVenvSystemSite, v.dir
			}
			return envVenv, v.dir
		}
	}
	return envSystem, ""
}

// venvsBefore lists the venvs the RUNs of in's stage (and the stages it
// is built on) create before offset end of in: python -m venv, virtualenv
// and uv venv, with their directory.
func venvsBefore(f *dockerfile.File, in *dockerfile.Instruction, end int) []venv {
	if in == nil || in.Stage == nil {
		return nil
	}
	var out []venv
	chain := f.StageChain(in.Stage)
	for _, st := range slices.Backward(chain) {
		for _, other := range st.Instructions {
			if !other.Is("run") || other.Span.Start > in.Span.Start {
				continue
			}
			for _, c := range other.Calls() {
				if other == in && c.Span.Start >= end {
					break
				}
				if v, ok := venvOf(c); ok {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// venvOf reads a venv creation: `python3 -m venv [--system-site-packages]
// DIR`, `virtualenv DIR`, `uv venv DIR`.
func venvOf(c dockerfile.Call) (venv, bool) {
	words := make([]string, 0, len(c.Words))
	for _, w := range c.Words {
		words = append(words, w.Value)
	}
	switch {
	case strings.HasPrefix(c.Name, "python") && len(words) >= 2 && words[0] == "-m" && (words[1] == "venv" || words[1] == "virtualenv"):
		words = words[2:]
	case c.Name == "virtualenv":
	case c.Name == "uv" && len(words) > 0 && words[0] == "venv":
		words = words[1:]
	default:
		return venv{}, false
	}
	v := venv{dir: ".venv"}
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--system-site-packages":
			v.systemSite = true
		case w == "--python" || w == "-p" || w == "--prompt":
			i++
		case strings.HasPrefix(w, "-"):
		default:
			v.dir = path.Clean(w)
		}
	}
	return v, true
}

func truthy(v string) bool {
	return v != "" && v != "0" && !strings.EqualFold(v, "false") && !strings.EqualFold(v, "no")
}

func truthyEnv(f *dockerfile.File, in *dockerfile.Instruction, key string) bool {
	if f == nil || in == nil {
		return false
	}
	v, ok := f.EnvBefore(in, key)
	return ok && truthy(v)
}
