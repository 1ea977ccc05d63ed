package doctor

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
)

var update = flag.Bool("update", false, "rewrite the golden reports under testdata")

// Fake docker subcommands: each is the shell body that answers one fixed
// command line of doctor's.
const (
	versionOK = `echo "Docker version 27.3.1, build ce12230"`
	buildxOK  = `echo "github.com/docker/buildx v0.17.1 257815a"`
	composeOK = `echo "Docker Compose version v2.29.7"`
	// The docker CLI without a daemon: the client half of docker info on
	// stdout, the reason on stderr, exit 1 (docker 28.2.2, measured).
	infoDown = `echo '{"ID":"","Driver":"","DriverStatus":null,"MemTotal":0,"NCPU":0,"DockerRootDir":"","ServerVersion":"","ClientInfo":{"Version":"28.2.2","Plugins":[]}}'
echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
exit 1`
	notACommand = `echo "docker: unknown command: docker $1" >&2
echo >&2
echo "Run 'docker --help' for more information" >&2
exit 1`
	// A daemon that never answers: the CLI waits, and so does a child
	// holding its output open.
	infoHangs = `sleep 60`
	// The incident's plugins: buildx dies of SIGBUS itself, compose
	// reports it as the docker CLI does.
	buildxSIGBUS  = `kill -BUS $$`
	composeSIGBUS = `echo "signal: bus error" >&2
exit 1`
)

// engineInfo is docker info of a local Linux engine on overlay2.
func engineInfo(driver string, status [][]string, os string) string {
	info := map[string]any{
		"ServerVersion": "27.3.1", "DockerRootDir": "/var/lib/docker", "Driver": driver, "DriverStatus": status,
		"MemTotal": int64(16_000_000_000), "NCPU": 8, "OperatingSystem": os, "OSType": "linux", "Architecture": "x86_64",
		"KernelVersion": "6.8.0-45-generic",
		"ClientInfo": map[string]any{"Plugins": []map[string]any{
			{"Name": "buildx", "Version": "v0.17.1", "Path": "/usr/libexec/docker/cli-plugins/docker-buildx"},
			{"Name": "compose", "Version": "v2.29.7", "Path": "/usr/libexec/docker/cli-plugins/docker-compose"},
		}},
	}
	b, _ := json.Marshal(info)
	return "echo '" + string(b) + "'"
}

var overlay2Status = [][]string{{"Backing Filesystem", "extfs"}, {"Supports d_type", "true"}}
var containerdStatus = [][]string{{"driver-type", containerdSnapshotter}}

// fakeDocker writes a docker executable answering doctor's command lines
// with the given shell bodies, and failing loudly on any other.
func fakeDocker(t *testing.T, answers map[string]string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake docker is a shell script")
	}
	var b strings.Builder
	b.WriteString("#!/bin/sh\ncase \"$*\" in\n")
	for _, args := range slices.Sorted(func(yield func(string) bool) {
		for k := range answers {
			if !yield(k) {
				return
			}
		}
	}) {
		b.WriteString("'" + args + "')\n" + answers[args] + "\n;;\n")
	}
	b.WriteString("*) echo \"fake docker: unexpected arguments: $*\" >&2; exit 99 ;;\nesac\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// machine is a fake of everything but the docker program, which runs.
type machine struct {
	goos   string
	env    map[string]string
	files  map[string]string
	sizes  map[string]int64
	disks  map[string]Space
	docker string // the folder of the fake docker; empty: none on PATH
}

func (m *machine) system() System {
	return System{
		GOOS:   m.goos,
		Getenv: func(k string) string { return m.env[k] },
		LookPath: func(name string) (string, error) {
			if m.docker == "" {
				return "", exec.ErrNotFound
			}
			return filepath.Join(m.docker, name), nil
		},
		Run: runProgram,
		Statfs: func(p string) (Space, error) {
			if sp, ok := m.disks[p]; ok {
				return sp, nil
			}
			return Space{}, &os.PathError{Op: "statfs", Path: p, Err: os.ErrNotExist}
		},
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := m.files[p]; ok {
				return []byte(s), nil
			}
			return nil, &os.PathError{Op: "open", Path: p, Err: os.ErrNotExist}
		},
		Glob: func(pattern string) ([]string, error) {
			var out []string
			for p := range m.sizes {
				if ok, _ := path.Match(pattern, p); ok {
					out = append(out, p)
				}
			}
			slices.Sort(out)
			return out, nil
		},
		FileSize: func(p string) (int64, error) {
			if n, ok := m.sizes[p]; ok {
				return n, nil
			}
			return 0, &os.PathError{Op: "stat", Path: p, Err: os.ErrNotExist}
		},
	}
}

// linuxMachine is a Linux host with a local engine and 100 GB free.
func linuxMachine(docker string) *machine {
	return &machine{goos: "linux", docker: docker, env: map[string]string{},
		files: map[string]string{"/proc/version": "Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075)"},
		disks: map[string]Space{"/var/lib/docker": {Free: 100_000_000_000, Total: 500_000_000_000}}}
}

// oneStep is an estimator of one torch install step that records the
// store it was asked for.
func oneStep(stores *[]build.ImageStore) Estimator {
	return func(store build.ImageStore) ([]Unit, error) {
		*stores = append(*stores, store)
		disk := lint.Range{Value: 13_100_000_000, Low: 11_700_000_000, High: 16_100_000_000}
		if store == build.StoreOverlay2 {
			disk = lint.Range{Value: 8_500_000_000, Low: 7_600_000_000, High: 10_600_000_000}
		}
		return []Unit{{File: "Dockerfile", Steps: []Step{{
			File: "Dockerfile", Line: 5, Command: "uv sync --locked", PeakDisk: disk,
			PeakMemory: lint.Range{Value: 300_000_000, Low: 300_000_000, High: 1_000_000_000},
			Rewrites:   []Rewrite{{Code: "BA302", Message: "uv sync installs torch into an image with no CUDA base"}},
		}}}}, nil
	}
}

func run(t *testing.T, m *machine, opts Options) (*Report, string) {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	rep, err := Run(t.Context(), m.system(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var b bytes.Buffer
	WriteText(&b, rep)
	text := strings.ReplaceAll(b.String(), m.docker, "$FAKE")
	return rep, text
}

// golden compares text with testdata/NAME.golden.
func golden(t *testing.T, name, text string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != text {
		t.Errorf("report differs from %s (-update rewrites it):\n--- got\n%s--- want\n%s", file, text, want)
	}
}

func check(t *testing.T, rep *Report, name string) Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s check in %+v", name, rep.Checks)
	return Check{}
}

func noCheck(t *testing.T, rep *Report, name string) {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			t.Errorf("unexpected %s check: %+v", name, c)
		}
	}
}

func TestHealthyMachine(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlay2", overlay2Status, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	var stores []build.ImageStore
	rep, text := run(t, linuxMachine(dir), Options{Estimate: oneStep(&stores)})
	golden(t, "healthy", text)
	if rep.Problems() != 0 || rep.Warnings() != 0 {
		t.Errorf("problems %d, warnings %d, want none", rep.Problems(), rep.Warnings())
	}
	if !slices.Equal(stores, []build.ImageStore{build.StoreOverlay2}) {
		t.Errorf("estimated for stores %q, want overlay2", stores)
	}
	if m := rep.Machine; m.Builder != "buildkit" || m.ImageStore != build.StoreOverlay2 || m.BuildDisk == nil || m.BuildDisk.Free != 100_000_000_000 || m.MemTotal != 16_000_000_000 {
		t.Errorf("machine = %+v", m)
	}
}

func TestNoDockerCLI(t *testing.T) {
	m := linuxMachine("")
	rep, _ := run(t, m, Options{})
	if c := check(t, rep, "docker-cli"); c.Verdict != Problem || !strings.Contains(c.Message, "not on PATH") {
		t.Errorf("docker-cli = %+v", c)
	}
	noCheck(t, rep, "daemon")
}

func TestDaemonDown(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": infoDown,
		"buildx version": notACommand, "compose version": notACommand,
	})
	var stores []build.ImageStore
	rep, text := run(t, linuxMachine(dir), Options{Estimate: oneStep(&stores)})
	golden(t, "daemon-down", text)
	c := check(t, rep, "daemon")
	if c.Verdict != Problem || !strings.Contains(c.Message, "Cannot connect to the Docker daemon") {
		t.Errorf("daemon = %+v", c)
	}
	if c := check(t, rep, "buildx"); c.Verdict != Warning || !strings.Contains(c.Message, "not installed") {
		t.Errorf("buildx = %+v, want not installed (a warning), not corrupted", c)
	}
	noCheck(t, rep, "image-store")
	if !rep.StoreAssumed || !slices.Equal(stores, []build.ImageStore{""}) {
		t.Errorf("store assumed %v, estimated for %q; want it unknown", rep.StoreAssumed, stores)
	}
}

// A daemon that hangs ends in a "timed out" verdict: the test finishes
// because doctor kills the fake docker's process group, sleep included.
func TestDaemonHangs(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": infoHangs,
		"buildx version": buildxOK, "compose version": composeOK,
	})
	rep, _ := run(t, linuxMachine(dir), Options{Timeout: 300 * time.Millisecond})
	// No golden: on a loaded machine the other commands may time out too.
	if c := check(t, rep, "daemon"); c.Verdict != Problem || !strings.Contains(c.Message, "timed out after 300ms") {
		t.Errorf("daemon = %+v", c)
	}
}

// buildx dying of SIGBUS and compose reporting "signal: bus error" are a
// corrupted installation, a problem with the reinstall step.
func TestPluginsKilledBySIGBUS(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlay2", overlay2Status, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxSIGBUS, "compose version": composeSIGBUS,
	})
	rep, text := run(t, linuxMachine(dir), Options{})
	golden(t, "plugins-sigbus", text)
	for _, name := range []string{"buildx", "compose"} {
		c := check(t, rep, name)
		if c.Verdict != Problem || !strings.Contains(c.Message, "killed by a signal (bus error)") || !strings.Contains(c.Message, "corrupted") {
			t.Errorf("%s = %+v", name, c)
		}
		if !strings.Contains(c.Fix, "sudo apt-get install --reinstall docker-"+name+"-plugin") {
			t.Errorf("%s fix = %q, want the reinstall step", name, c.Fix)
		}
	}
	if c := check(t, rep, "builder"); c.Verdict != Warning {
		t.Errorf("builder = %+v, want the legacy fallback", c)
	}
}

func TestContainerdImageStore(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlayfs", containerdStatus, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	var stores []build.ImageStore
	rep, _ := run(t, linuxMachine(dir), Options{Estimate: oneStep(&stores)})
	if c := check(t, rep, "image-store"); !strings.HasPrefix(c.Message, "containerd image store (snapshotter overlayfs)") {
		t.Errorf("image-store = %+v", c)
	}
	if !slices.Equal(stores, []build.ImageStore{build.StoreContainerd}) {
		t.Errorf("estimated for stores %q, want containerd", stores)
	}
	if c := check(t, rep, "step-disk"); c.Verdict != OK || !strings.HasPrefix(c.Message, "needs 13.1 GB") {
		t.Errorf("step-disk = %+v, want the containerd figure", c)
	}
}

func TestLegacyBuilder(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlay2", overlay2Status, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	m := linuxMachine(dir)
	m.env["DOCKER_BUILDKIT"] = "0"
	rep, _ := run(t, m, Options{})
	if c := check(t, rep, "builder"); c.Verdict != Warning || !strings.Contains(c.Message, "DOCKER_BUILDKIT=0") {
		t.Errorf("builder = %+v", c)
	}
	if rep.Machine.Builder != "legacy" {
		t.Errorf("builder = %q", rep.Machine.Builder)
	}
}

// A full Docker root dir is a problem, and the step that needs 13.1 GB
// names what to free.
func TestFullRootDir(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlayfs", containerdStatus, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	m := linuxMachine(dir)
	m.disks["/var/lib/docker"] = Space{Free: 0, Total: 500_000_000_000}
	var stores []build.ImageStore
	rep, text := run(t, m, Options{Estimate: oneStep(&stores)})
	golden(t, "full-root-dir", text)
	if c := check(t, rep, "disk"); c.Verdict != Problem {
		t.Errorf("disk = %+v", c)
	}
	c := check(t, rep, "step-disk")
	if c.Verdict != Problem || c.Fix != "free at least 15.1 GB on /var/lib/docker before building, or apply a rewrite below that makes the step smaller" || len(c.Rewrites) != 1 {
		t.Errorf("step-disk = %+v", c)
	}
}

// The incident's machine: Docker Desktop on WSL2, buildx and compose
// dying of SIGBUS, drive C: full with the disk image on it.
func TestWSL2DesktopFullDrive(t *testing.T) {
	info := engineInfo("overlayfs", containerdStatus, "Docker Desktop")
	info = strings.Replace(info, "6.8.0-45-generic", "5.15.153.1-microsoft-standard-WSL2", 1)
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": info,
		"buildx version": buildxSIGBUS, "compose version": composeSIGBUS,
	})
	m := incidentMachine(dir)
	var stores []build.ImageStore
	rep, text := run(t, m, Options{Estimate: oneStep(&stores)})
	golden(t, "wsl2-full-drive", text)
	if !rep.Machine.WSL2 || !rep.Machine.DockerDesktop {
		t.Errorf("machine = %+v, want Docker Desktop on WSL2", rep.Machine)
	}
	if c := check(t, rep, "disk"); c.Verdict != Problem || !strings.HasPrefix(c.Message, "C: (/mnt/c) has 0 B free") {
		t.Errorf("disk = %+v", c)
	}
	if c := check(t, rep, "buildx"); c.Verdict != Problem || !strings.HasPrefix(c.Fix, "free space on C: (/mnt/c) first") {
		t.Errorf("buildx = %+v, want freeing the drive before the reinstall", c)
	}
	if c := check(t, rep, "disk-image"); c.Verdict != OK || c.Message != "the disk image is 120.0 GB of its 1.1 TB maximum" {
		t.Errorf("disk-image = %+v", c)
	}
	if c := check(t, rep, "wslconfig"); c.Message != "/mnt/c/Users/dev/.wslconfig limits WSL2's VM: memory=8GB, swap=0" {
		t.Errorf("wslconfig = %+v", c)
	}
	if c := check(t, rep, "step-disk"); c.Verdict != Problem || !strings.HasPrefix(c.Fix, "free at least 15.1 GB on C: (/mnt/c)") {
		t.Errorf("step-disk = %+v", c)
	}
}

// incidentMachine is a WSL2 distribution whose drive C: is full and holds
// Docker Desktop's disk image.
func incidentMachine(docker string) *machine {
	return &machine{goos: "linux", docker: docker, env: map[string]string{"WSL_DISTRO_NAME": "Ubuntu"},
		files: map[string]string{
			"/proc/version": "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1)",
			"/proc/mounts": "none /mnt/wsl tmpfs rw,relatime 0 0\n" +
				`C:\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5 0 0` + "\n",
			"/mnt/c/Users/dev/AppData/Roaming/Docker/settings-store.json": `{"DiskSizeMiB": 1048576, "AutoStart": true}`,
			"/mnt/c/Users/dev/.wslconfig":                                 "[wsl2]\nmemory=8GB\nswap=0\n",
		},
		sizes: map[string]int64{
			"/mnt/c/Users/dev/AppData/Local/Docker/wsl/disk/docker_data.vhdx": 120_000_000_000,
			"/mnt/c/Users/dev/AppData/Local/Docker/wsl/main/ext4.vhdx":        150_000_000,
		},
		disks: map[string]Space{"/mnt/c": {Free: 0, Total: 475_000_000_000}},
	}
}

// Docker Desktop on WSL2 whose disk image is not where doctor looks says
// what it could not see.
func TestWSL2DesktopImageNotFound(t *testing.T) {
	info := engineInfo("overlayfs", containerdStatus, "Docker Desktop")
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": info,
		"buildx version": buildxOK, "compose version": composeOK,
	})
	m := incidentMachine(dir)
	m.sizes = nil
	rep, _ := run(t, m, Options{})
	c := check(t, rep, "disk")
	if c.Verdict != Warning || !strings.Contains(c.Message, "/mnt/c/Users/*/AppData/Local/Docker/wsl/disk/docker_data.vhdx") {
		t.Errorf("disk = %+v", c)
	}
}

func TestJSONReport(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlay2", overlay2Status, "Ubuntu 24.04.1 LTS"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	var stores []build.ImageStore
	rep, _ := run(t, linuxMachine(dir), Options{Estimate: oneStep(&stores)})
	var b bytes.Buffer
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version  int
		Problems int
		Machine  map[string]any
		Checks   []struct {
			Name, Verdict string
			Facts         map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.Version != 1 || doc.Machine["image_store"] != "overlay2" || doc.Machine["builder"] != "buildkit" {
		t.Errorf("doc = %+v", doc)
	}
	last := doc.Checks[len(doc.Checks)-1]
	if last.Name != "step-memory" || last.Facts["mem_total_bytes"] != float64(16_000_000_000) {
		t.Errorf("last check = %+v", last)
	}
}

func TestClassifyMessages(t *testing.T) {
	for _, tc := range []struct {
		out    Outcome
		want   fault
		detail string
	}{
		{Outcome{ExitCode: 0}, noFault, ""},
		{Outcome{ExitCode: -1, Signal: "bus error"}, crashed, "bus error"},
		{Outcome{ExitCode: 1, Stderr: []byte("failed to fetch metadata: signal: segmentation fault")}, crashed, "segmentation fault"},
		{Outcome{ExitCode: 1, Stderr: []byte("docker: 'buildx' is not a docker command.\nSee 'docker --help'")}, notInstalled, ""},
		{Outcome{ExitCode: 1, Stderr: []byte("docker: unknown command: docker compose")}, notInstalled, ""},
		{Outcome{ExitCode: 1, Stderr: []byte("\npermission denied\n")}, failed, "permission denied"},
		{Outcome{ExitCode: -1, TimedOut: true}, timedOut, ""},
	} {
		if f, detail := classify(tc.out); f != tc.want || detail != tc.detail {
			t.Errorf("classify(%+v) = %v %q, want %v %q", tc.out, f, detail, tc.want, tc.detail)
		}
	}
}

func TestWSLLimits(t *testing.T) {
	got := wslLimits([]byte("# comment\n[wsl2]\nmemory = 8GB\nSwap=0\n[experimental]\nmemory=1GB\n"))
	if got["memory"] != "8GB" || got["swap"] != "0" || len(got) != 2 {
		t.Errorf("wslLimits = %v", got)
	}
	if s := unescapeMount(`C:\134`); s != `C:\` {
		t.Errorf("unescapeMount = %q", s)
	}
	if s := unescapeMount(`/mnt/my\040drive`); s != "/mnt/my drive" {
		t.Errorf("unescapeMount = %q", s)
	}
}

// Docker Desktop on macOS: the Mac volume that holds Docker.raw is the
// build's disk; without the image there, doctor says what it cannot see.
func TestMacDesktopDisk(t *testing.T) {
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": engineInfo("overlayfs", containerdStatus, "Docker Desktop"),
		"buildx version": buildxOK, "compose version": composeOK,
	})
	data := "/Users/dev/Library/Containers/com.docker.docker/Data/vms/0/data"
	m := &machine{goos: "darwin", docker: dir, env: map[string]string{"HOME": "/Users/dev"},
		sizes: map[string]int64{data + "/Docker.raw": 68_719_476_736},
		disks: map[string]Space{data: {Free: 1_000_000_000, Total: 494_000_000_000}}}
	var stores []build.ImageStore
	rep, _ := run(t, m, Options{Estimate: oneStep(&stores)})
	if c := check(t, rep, "disk"); c.Verdict != Problem || !strings.HasPrefix(c.Message, data+" has 1.0 GB free of 494.0 GB and holds Docker Desktop's disk image (Docker.raw)") {
		t.Errorf("disk = %+v", c)
	}
	if c := check(t, rep, "step-disk"); c.Verdict != Problem || !strings.HasPrefix(c.Fix, "free at least 14.1 GB on "+data) {
		t.Errorf("step-disk = %+v", c)
	}
	m.sizes = nil
	rep, _ = run(t, m, Options{})
	if c := check(t, rep, "disk"); c.Verdict != Warning || !strings.Contains(c.Message, "not seen from here") {
		t.Errorf("disk without Docker.raw = %+v", c)
	}
}

// Docker Desktop seen from Windows itself: the drive of LOCALAPPDATA that
// holds docker_data.vhdx.
func TestWindowsDesktopDisk(t *testing.T) {
	info := strings.Replace(engineInfo("overlayfs", containerdStatus, "Docker Desktop"), "6.8.0-45-generic", "5.15.153.1-microsoft-standard-WSL2", 1)
	dir := fakeDocker(t, map[string]string{
		"--version": versionOK, "info --format {{json .}}": info,
		"buildx version": buildxOK, "compose version": composeOK,
	})
	m := &machine{goos: "windows", docker: dir, env: map[string]string{"LOCALAPPDATA": `D:\Users\dev\AppData\Local`},
		sizes: map[string]int64{`D:\Users\dev\AppData\Local\Docker\wsl\disk\docker_data.vhdx`: 80_000_000_000},
		disks: map[string]Space{`D:\`: {Free: 40_000_000_000, Total: 1_000_000_000_000}}}
	rep, _ := run(t, m, Options{})
	if c := check(t, rep, "disk"); c.Verdict != OK || c.Message != "D: has 40.0 GB free of 1.0 TB and holds Docker Desktop's disk image (docker_data.vhdx, 80.0 GB), which grows into it" {
		t.Errorf("disk = %+v", c)
	}
	if !rep.Machine.WSL2 {
		t.Errorf("wsl2 false for a daemon on a WSL2 kernel? kernel %q", rep.Machine.Kernel)
	}
}
