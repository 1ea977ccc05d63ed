package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

// dockerInfo is what doctor reads of `docker info --format '{{json .}}'`.
type dockerInfo struct {
	ServerVersion   string
	DockerRootDir   string
	Driver          string
	DriverStatus    [][]string
	MemTotal        int64
	NCPU            int
	OperatingSystem string
	OSType          string
	Architecture    string
	KernelVersion   string
	ServerErrors    []string
	ClientInfo      *struct {
		Plugins []cliPlugin
	}
}

// cliPlugin is a CLI plugin as docker info lists it; Err is set when the
// CLI could not read the plugin's metadata (a crash shows as "signal: bus
// error").
type cliPlugin struct {
	Name, Version, Path string
	Err                 json.RawMessage
}

// errText is the plugin's error as text: docker writes it as a string.
func (p cliPlugin) errText() string {
	if len(p.Err) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(p.Err, &s) == nil {
		return s
	}
	return string(p.Err)
}

// containerdSnapshotter is the driver-type DriverStatus names when the
// engine uses the containerd image store.
const containerdSnapshotter = "io.containerd.snapshotter.v1"

// fault is how a run of docker went wrong.
type fault int

const (
	noFault      fault = iota
	timedOut           // the timeout killed it
	crashed            // a signal killed it, or a plugin it ran
	notInstalled       // docker does not know the subcommand
	failed             // any other failure
)

// crashMessage is how the docker CLI reports a plugin a signal killed.
// Compiled on first use: only doctor needs it, and every other command
// would pay for it at start-up.
var crashMessage = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`signal: (bus error|segmentation fault|illegal instruction|aborted|trace/breakpoint trap)`)
})

// classify says what went wrong with a run, and the detail: the signal's
// name for a crash, the first line of the output otherwise.
func classify(o Outcome) (fault, string) {
	text := string(o.Stderr) + "\n" + string(o.Stdout)
	switch {
	case o.TimedOut:
		return timedOut, ""
	case o.Signal != "":
		return crashed, o.Signal
	case crashMessage().MatchString(text):
		return crashed, crashMessage().FindStringSubmatch(text)[1]
	case o.Err != nil:
		return failed, o.Err.Error()
	case o.ExitCode == 0:
		return noFault, ""
	case strings.Contains(text, "is not a docker command") || strings.Contains(text, "unknown command"):
		return notInstalled, ""
	}
	return failed, firstLine(text)
}

// firstLine is the first non-empty line of text, trimmed.
func firstLine(text string) string {
	for line := range strings.Lines(text) {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return "no output"
}

// docker runs the docker CLI with fixed arguments under the timeout.
func (d *doctor) docker(args ...string) Outcome {
	ctx, cancel := context.WithTimeout(d.ctx, d.opts.Timeout)
	defer cancel()
	return d.sys.Run(ctx, d.rep.Machine.DockerPath, args...)
}

// command writes a docker command line as the user would type it.
func command(args ...string) string {
	return "`docker " + strings.Join(args, " ") + "`"
}

// checkDocker checks the CLI, the daemon, the plugins, the builder and the
// image store.
func (d *doctor) checkDocker() {
	m := &d.rep.Machine
	path, err := d.sys.LookPath("docker")
	if err == nil {
		path, err = filepath.Abs(path)
	}
	if err != nil {
		d.add(Check{Name: "docker-cli", Verdict: Problem, Message: "the docker CLI is not on PATH",
			Fix: "install Docker: Docker Desktop, or Docker Engine with the docker-ce-cli, docker-buildx-plugin and docker-compose-plugin packages (https://docs.docker.com/engine/install/)"})
		return
	}
	m.DockerPath = path
	if !d.checkCLI() {
		return
	}
	d.checkDaemon()
	buildx := d.checkPlugin("buildx")
	d.checkPlugin("compose")
	d.checkOtherPlugins()
	d.checkBuilder(buildx)
	d.checkImageStore()
}

// checkCLI runs `docker --version`; false when the CLI cannot run.
func (d *doctor) checkCLI() bool {
	m := &d.rep.Machine
	args := []string{"--version"}
	out := d.docker(args...)
	facts := Facts{{"path", m.DockerPath}}
	switch f, detail := classify(out); f {
	case noFault:
		// "Docker version 27.3.1, build ce12230"
		v := strings.TrimSpace(string(out.Stdout))
		if rest, ok := strings.CutPrefix(v, "Docker version "); ok {
			v, _, _ = strings.Cut(rest, ",")
		}
		m.ClientVersion = v
		d.add(Check{Name: "docker-cli", Verdict: OK, Message: fmt.Sprintf("docker %s at %s", v, m.DockerPath), Facts: append(facts, Fact{"version", v})})
		return true
	case crashed:
		d.crashed = append(d.crashed, len(d.rep.Checks))
		d.add(Check{Name: "docker-cli", Verdict: Problem,
			Message: fmt.Sprintf("%s was killed by a signal (%s): the docker CLI at %s is corrupted", command(args...), detail, m.DockerPath),
			Fix:     "reinstall the docker CLI (Docker Desktop: reinstall it; Linux: `sudo apt-get install --reinstall docker-ce-cli` or `sudo dnf reinstall docker-ce-cli`)",
			Facts:   append(facts, Fact{"signal", detail})})
	case timedOut:
		d.add(Check{Name: "docker-cli", Verdict: Problem, Message: fmt.Sprintf("%s timed out after %s", command(args...), d.opts.Timeout),
			Fix: "`docker --version` needs no daemon: reinstall the docker CLI at " + m.DockerPath + ", or give a slow machine a longer --timeout", Facts: facts})
	default:
		d.add(Check{Name: "docker-cli", Verdict: Problem, Message: fmt.Sprintf("%s failed: %s", command(args...), detail),
			Fix: "reinstall the docker CLI at " + m.DockerPath, Facts: facts})
	}
	return false
}

// daemonFix is how to get a daemon to answer.
const daemonFix = "start the Docker daemon (Docker Desktop: start it, or Troubleshoot › Restart; Linux: `sudo systemctl start docker`) and check DOCKER_HOST and `docker context ls`"

// checkDaemon reads docker info.
func (d *doctor) checkDaemon() {
	m := &d.rep.Machine
	args := []string{"info", "--format", "{{json .}}"}
	out := d.docker(args...)
	f, detail := classify(out)
	var info dockerInfo
	parsed := false
	if i := bytes.IndexByte(out.Stdout, '{'); i >= 0 && f != timedOut && out.Signal == "" {
		// docker info lists the plugins' errors ("signal: bus error") in
		// its JSON: the CLI that wrote it did not crash.
		parsed = json.Unmarshal(out.Stdout[i:], &info) == nil
		if parsed && f == crashed {
			f, detail = failed, firstLine(string(out.Stderr))
		}
	}
	switch {
	case f == timedOut:
		d.add(Check{Name: "daemon", Verdict: Problem, Message: fmt.Sprintf("%s timed out after %s: the daemon does not answer", command(args...), d.opts.Timeout),
			Fix: "restart the Docker daemon (Docker Desktop: Troubleshoot › Restart; Linux: `sudo systemctl restart docker`)"})
		return
	case f == crashed:
		d.crashed = append(d.crashed, len(d.rep.Checks))
		d.add(Check{Name: "daemon", Verdict: Problem, Message: fmt.Sprintf("%s was killed by a signal (%s): the docker CLI is corrupted", command(args...), detail),
			Fix: "reinstall Docker (Docker Desktop: reinstall it; Linux: `sudo apt-get install --reinstall docker-ce-cli`)", Facts: Facts{{"signal", detail}}})
		return
	case !parsed:
		d.add(Check{Name: "daemon", Verdict: Problem, Message: "the Docker daemon is not reachable: " + detail, Fix: daemonFix})
		return
	}
	d.info = &info
	if len(info.ServerErrors) > 0 || info.ServerVersion == "" {
		why := "docker info has no server version"
		switch {
		case len(info.ServerErrors) > 0:
			why = firstLine(info.ServerErrors[0])
		case f == failed:
			why = detail
		}
		d.add(Check{Name: "daemon", Verdict: Problem, Message: "the Docker daemon is not reachable: " + why, Fix: daemonFix})
		return
	}
	m.ServerVersion, m.OS, m.Kernel = info.ServerVersion, info.OperatingSystem, info.KernelVersion
	m.DockerRootDir, m.Driver, m.MemTotal, m.NCPU = info.DockerRootDir, info.Driver, info.MemTotal, info.NCPU
	m.DockerDesktop = strings.Contains(info.OperatingSystem, "Docker Desktop")
	msg := "Docker Engine " + info.ServerVersion
	if info.OperatingSystem != "" {
		msg += " on " + info.OperatingSystem
	}
	msg += fmt.Sprintf(", %d CPUs, %s of memory", info.NCPU, lint.FormatBytes(info.MemTotal))
	d.add(Check{Name: "daemon", Verdict: OK, Message: msg, Facts: Facts{
		{"server_version", info.ServerVersion}, {"operating_system", info.OperatingSystem}, {"kernel_version", info.KernelVersion},
		{"docker_root_dir", info.DockerRootDir}, {"driver", info.Driver}, {"mem_total_bytes", info.MemTotal}, {"ncpu", info.NCPU},
	}})
}

// plugin is the metadata docker info gave of a CLI plugin.
func (d *doctor) plugin(name string) (cliPlugin, bool) {
	if d.info == nil || d.info.ClientInfo == nil {
		return cliPlugin{}, false
	}
	for _, p := range d.info.ClientInfo.Plugins {
		if p.Name == name {
			return p, true
		}
	}
	return cliPlugin{}, false
}

// pluginPackage is the Linux package of a plugin doctor runs.
func pluginPackage(name string) string {
	switch name {
	case "buildx":
		return "docker-buildx-plugin"
	case "compose":
		return "docker-compose-plugin"
	}
	return ""
}

// reinstallFix is how to reinstall a CLI plugin that crashes.
func (d *doctor) reinstallFix(name string) string {
	where := ""
	if p, ok := d.plugin(name); ok && p.Path != "" {
		where = " (" + p.Path + ")"
	}
	var how string
	if d.rep.Machine.DockerDesktop || d.sys.GOOS != "linux" {
		how = "reinstall Docker Desktop, which ships it"
	} else {
		pkg := pluginPackage(name)
		how = fmt.Sprintf("`sudo apt-get install --reinstall %s` or `sudo dnf reinstall %s`", pkg, pkg)
	}
	return fmt.Sprintf("reinstall the %s plugin%s: %s", name, where, how)
}

// checkPlugin runs `docker NAME version` and returns the plugin's version,
// empty when it is missing or broken.
func (d *doctor) checkPlugin(name string) string {
	args := []string{name, "version"}
	out := d.docker(args...)
	var facts Facts
	if p, ok := d.plugin(name); ok {
		facts = append(facts, Fact{"path", p.Path})
		if e := p.errText(); e != "" {
			facts = append(facts, Fact{"docker_info_error", e})
		}
	}
	switch f, detail := classify(out); f {
	case noFault:
		// "github.com/docker/buildx v0.17.1 257815a", "Docker Compose version v2.29.7"
		fields := strings.Fields(firstLine(string(out.Stdout)))
		v := ""
		for _, fl := range fields {
			if strings.HasPrefix(fl, "v") && len(fl) > 1 && fl[1] >= '0' && fl[1] <= '9' {
				v = fl
				break
			}
		}
		if v == "" && len(fields) > 0 {
			v = fields[len(fields)-1]
		}
		d.add(Check{Name: name, Verdict: OK, Message: fmt.Sprintf("%s %s", name, v), Facts: append(facts, Fact{"version", v})})
		return v
	case crashed:
		d.crashed = append(d.crashed, len(d.rep.Checks))
		d.add(Check{Name: name, Verdict: Problem,
			Message: fmt.Sprintf("%s was killed by a signal (%s): the %s plugin's installation is corrupted", command(args...), detail, name),
			Fix:     d.reinstallFix(name), Facts: append(facts, Fact{"signal", detail})})
	case notInstalled:
		if name == "compose" {
			d.add(Check{Name: name, Verdict: OK, Message: "compose is not installed (only `docker compose build` needs it)", Facts: facts})
			return ""
		}
		d.add(Check{Name: name, Verdict: Warning, Message: fmt.Sprintf("the %s plugin is not installed", name),
			Fix: fmt.Sprintf("install the %s plugin (Docker Desktop ships it; Linux: package %s)", name, pluginPackage(name)), Facts: facts})
	case timedOut:
		d.add(Check{Name: name, Verdict: Problem, Message: fmt.Sprintf("%s timed out after %s", command(args...), d.opts.Timeout),
			Fix: d.reinstallFix(name), Facts: facts})
	default:
		d.add(Check{Name: name, Verdict: Problem, Message: fmt.Sprintf("%s failed: %s", command(args...), detail),
			Fix: d.reinstallFix(name), Facts: facts})
	}
	return ""
}

// checkOtherPlugins reports the plugins docker info could not read, other
// than the two doctor runs.
func (d *doctor) checkOtherPlugins() {
	if d.info == nil || d.info.ClientInfo == nil {
		return
	}
	var broken []string
	verdict := Warning
	var facts Facts
	for _, p := range d.info.ClientInfo.Plugins {
		e := p.errText()
		if e == "" || p.Name == "buildx" || p.Name == "compose" {
			continue
		}
		broken = append(broken, p.Name+": "+e)
		facts = append(facts, Fact{p.Name, e})
		if crashMessage().MatchString(e) {
			verdict = Problem
		}
	}
	if len(broken) == 0 {
		return
	}
	d.add(Check{Name: "plugins", Verdict: verdict, Message: "docker info cannot read " + strings.Join(broken, "; "),
		Fix: "reinstall or remove these CLI plugins (their files are in ~/.docker/cli-plugins or /usr/libexec/docker/cli-plugins)", Facts: facts})
}

// checkBuilder says whether `docker build` runs BuildKit or the legacy
// builder.
func (d *doctor) checkBuilder(buildx string) {
	m := &d.rep.Machine
	env := d.sys.Getenv("DOCKER_BUILDKIT")
	legacyFix := "the legacy builder rejects RUN --mount (cache mounts) and heredocs and is deprecated: "
	facts := Facts{{"DOCKER_BUILDKIT", env}, {"buildx", buildx}}
	switch {
	case env == "0" || strings.EqualFold(env, "false"):
		m.Builder = "legacy"
		d.add(Check{Name: "builder", Verdict: Warning, Message: "`docker build` runs the legacy builder: DOCKER_BUILDKIT=" + env,
			Fix: legacyFix + "unset DOCKER_BUILDKIT", Facts: facts})
	case buildx == "":
		m.Builder = "legacy"
		d.add(Check{Name: "builder", Verdict: Warning, Message: "`docker build` falls back to the legacy builder: the buildx plugin does not run",
			Fix: legacyFix + "install or repair the buildx plugin (see buildx)", Facts: facts})
	case d.info != nil && engineMajor(m.ServerVersion) > 0 && engineMajor(m.ServerVersion) < 23 && !m.DockerDesktop && env != "1":
		m.Builder = "legacy"
		d.add(Check{Name: "builder", Verdict: Warning, Message: "`docker build` runs the legacy builder: Docker Engine " + m.ServerVersion + " uses BuildKit only with DOCKER_BUILDKIT=1",
			Fix: legacyFix + "set DOCKER_BUILDKIT=1, or upgrade Docker Engine to 23 or later", Facts: facts})
	default:
		m.Builder = "buildkit"
		d.add(Check{Name: "builder", Verdict: OK, Message: "`docker build` runs BuildKit (buildx " + buildx + ")", Facts: facts})
	}
}

// engineMajor is the major version of a Docker Engine version, 0 when it
// does not parse.
func engineMajor(v string) int {
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return 0
	}
	return n
}

// checkImageStore reads the image store from the driver: the containerd
// store shows as a snapshotter in DriverStatus.
func (d *doctor) checkImageStore() {
	if d.info == nil || d.rep.Machine.ServerVersion == "" {
		return
	}
	m := &d.rep.Machine
	m.ImageStore = build.StoreOverlay2
	for _, kv := range d.info.DriverStatus {
		if len(kv) == 2 && kv[0] == "driver-type" && kv[1] == containerdSnapshotter {
			m.ImageStore = build.StoreContainerd
		}
	}
	facts := Facts{{"image_store", string(m.ImageStore)}, {"driver", m.Driver}}
	if m.ImageStore == build.StoreContainerd {
		d.add(Check{Name: "image-store", Verdict: OK, Message: fmt.Sprintf("containerd image store (snapshotter %s): the estimates count the compressed copy it keeps of each layer", m.Driver), Facts: facts})
		return
	}
	d.add(Check{Name: "image-store", Verdict: OK, Message: fmt.Sprintf("%s graph driver, no containerd image store: the estimates leave out the compressed copy of each layer that store would keep", m.Driver), Facts: facts})
}
