package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/doctor"
)

// doctorDocker writes a fake docker for the CLI's doctor tests: a Docker
// Desktop engine on WSL2 with the given image store, and buildx and
// compose answering with the given shell bodies.
func doctorDocker(t *testing.T, containerd bool, buildx, compose string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake docker is a shell script")
	}
	status := `[["Backing Filesystem","extfs"]]`
	driver := "overlay2"
	if containerd {
		status, driver = `[["driver-type","io.containerd.snapshotter.v1"]]`, "overlayfs"
	}
	info := `{"ServerVersion":"27.3.1","DockerRootDir":"/var/lib/docker","Driver":"` + driver + `","DriverStatus":` + status +
		`,"MemTotal":8222257152,"NCPU":8,"OperatingSystem":"Docker Desktop","OSType":"linux","KernelVersion":"5.15.153.1-microsoft-standard-WSL2",` +
		`"ClientInfo":{"Plugins":[{"Name":"buildx","Path":"/usr/local/lib/docker/cli-plugins/docker-buildx","Err":"failed to fetch metadata: signal: bus error"},` +
		`{"Name":"compose","Path":"/usr/local/lib/docker/cli-plugins/docker-compose","Err":"failed to fetch metadata: signal: bus error"}]}}`
	script := "#!/bin/sh\ncase \"$*\" in\n" +
		"'--version') echo 'Docker version 27.3.1, build ce12230' ;;\n" +
		"'info --format {{json .}}') echo '" + info + "' ;;\n" +
		"'buildx version') " + buildx + " ;;\n" +
		"'compose version') " + compose + " ;;\n" +
		"*) echo \"fake docker: unexpected arguments: $*\" >&2; exit 99 ;;\nesac\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// wslMachine is a WSL2 distribution with Docker Desktop's disk image on
// drive C:, which has free bytes left; the docker program is the fake in
// dockerDir and runs for real.
func wslMachine(dockerDir string, free int64) doctor.System {
	files := map[string]string{
		"/proc/version": "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1)",
		"/proc/mounts":  `C:\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000 0 0` + "\n",
		"/mnt/c/Users/dev/AppData/Roaming/Docker/settings-store.json": `{"DiskSizeMiB": 1048576}`,
		"/mnt/c/Users/dev/.wslconfig":                                 "[wsl2]\nmemory=8GB\n",
	}
	image := "/mnt/c/Users/dev/AppData/Local/Docker/wsl/disk/docker_data.vhdx"
	missing := func(op, p string) error { return &os.PathError{Op: op, Path: p, Err: os.ErrNotExist} }
	return doctor.System{
		GOOS:     "linux",
		Getenv:   func(k string) string { return map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}[k] },
		LookPath: func(name string) (string, error) { return filepath.Join(dockerDir, name), nil },
		Run:      doctor.Host().Run,
		Statfs: func(p string) (doctor.Space, error) {
			if p == "/mnt/c" {
				return doctor.Space{Free: free, Total: 475_000_000_000}, nil
			}
			return doctor.Space{}, missing("statfs", p)
		},
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, missing("open", p)
		},
		Glob: func(pattern string) ([]string, error) {
			if ok, _ := path.Match(pattern, image); ok {
				return []string{image}, nil
			}
			return nil, nil
		},
		FileSize: func(p string) (int64, error) {
			if p == image {
				return 251_000_000_000, nil
			}
			return 0, missing("stat", p)
		},
	}
}

// incidentProject is the incident's build: nanochat's torch + CUDA lock
// from the corpus synced into python:3.11-slim.
func incidentProject(t *testing.T) string {
	t.Helper()
	corpus := shared(t, filepath.Join("corpus", "uvlock"))
	dir := t.TempDir()
	for src, dst := range map[string]string{"karpathy__nanochat.uv.lock": "uv.lock", "karpathy__nanochat.pyproject.toml": "pyproject.toml"} {
		b, err := os.ReadFile(filepath.Join(corpus, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dockerfile := "FROM python:3.11-slim\n" +
		"COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /usr/local/bin/uv\n" +
		"WORKDIR /app\n" +
		"COPY pyproject.toml uv.lock ./\n" +
		"RUN uv sync --locked --no-install-project\n" +
		"COPY . .\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The incident's machine: buildx dies of SIGBUS, compose reports "signal:
// bus error", drive C: holding Docker Desktop's disk image is full, and
// the build syncs torch with its CUDA wheels. doctor names the disk
// shortfall and the rewrite BA302 suggests.
func TestDoctorIncident(t *testing.T) {
	project := incidentProject(t)
	fake := doctorDocker(t, true, "kill -BUS $$", "echo 'signal: bus error' >&2; exit 1")
	report := func(file string, args ...string) string {
		var stdout, stderr bytes.Buffer
		code := doctorOn(wslMachine(fake, 0), append(args, project), &stdout, &stderr)
		if code != exitFindings {
			t.Fatalf("exit %d, want %d; stderr: %s", code, exitFindings, stderr.String())
		}
		got := strings.NewReplacer(project, "$PROJECT", fake, "$FAKE").Replace(stdout.String())
		file = filepath.Join("testdata", "doctor", file)
		if *update {
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("doctor's report differs from %s (-update rewrites it):\n--- got\n%s--- want\n%s", file, got, want)
		}
		return got
	}
	// The JSON golden pins the documented field names.
	report("incident.json", "--format", "json")
	got := report("incident.txt")
	for _, s := range []string{
		"problem  step-disk    needs 13.1 GB",
		"fix: free at least 15.1 GB on C: (/mnt/c) before building",
		"rewrite: BA302 uv sync installs torch 2.9.1 and 15 CUDA wheels",
		"problem  buildx       `docker buildx version` was killed by a signal (bus error)",
		"problem  compose      `docker compose version` was killed by a signal (bus error)",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

// stepDisk runs doctor --format json and returns the first step's peak
// disk value.
func stepDisk(t *testing.T, sys doctor.System, args ...string) int64 {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := doctorOn(sys, append([]string{"--format", "json"}, args...), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	var doc struct {
		Machine struct {
			ImageStore string `json:"image_store"`
		}
		Checks []struct {
			Name  string
			Facts map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(doc.Checks, func(c struct {
		Name  string
		Facts map[string]json.RawMessage
	}) bool {
		return c.Name == "step-disk"
	})
	if i < 0 {
		t.Fatalf("no step-disk check: %s", stdout.String())
	}
	var peak struct{ Value int64 }
	if err := json.Unmarshal(doc.Checks[i].Facts["peak_disk_bytes"], &peak); err != nil {
		t.Fatal(err)
	}
	return peak.Value
}

// The image store doctor reads changes the estimate: overlay2 keeps no
// compressed copy of the layer, so the step needs less free disk.
func TestDoctorImageStoreChangesEstimate(t *testing.T) {
	ok := "echo v0.17.1"
	example := filepath.Join("..", "..", "testdata", "examples", "uv-app", "Dockerfile")
	containerd := stepDisk(t, wslMachine(doctorDocker(t, true, ok, ok), 200_000_000_000), example)
	overlay := stepDisk(t, wslMachine(doctorDocker(t, false, ok, ok), 200_000_000_000), example)
	if overlay <= 0 || containerd <= overlay {
		t.Errorf("peak disk on containerd %d, on overlay2 %d: want the containerd store's copy to add to it", containerd, overlay)
	}
}

func TestDoctorExitCodes(t *testing.T) {
	ok := "echo v0.17.1"
	fake := doctorDocker(t, true, ok, ok)
	example := filepath.Join("..", "..", "testdata", "examples", "uv-app", "Dockerfile")
	for _, tc := range []struct {
		name string
		args []string
		free int64
		want int
	}{
		{"fits", []string{example}, 200_000_000_000, exitOK},
		{"no path, no Dockerfile here", nil, 200_000_000_000, exitOK},
		{"full drive", []string{example}, 0, exitFindings},
		{"bad format", []string{"--format", "sarif", example}, 200_000_000_000, exitError},
		{"bad timeout", []string{"--timeout", "0s", example}, 200_000_000_000, exitError},
		{"missing Dockerfile", []string{filepath.Join(t.TempDir(), "Dockerfile")}, 200_000_000_000, exitError},
		{"stdin", []string{"-"}, 200_000_000_000, exitError},
		{"unparsable lock", []string{badLockProject(t)}, 200_000_000_000, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if tc.args == nil {
				t.Chdir(t.TempDir())
			}
			if code := doctorOn(wslMachine(fake, tc.free), tc.args, &stdout, &stderr); code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout.String(), stderr.String())
			}
		})
	}
}

// badLockProject is a Dockerfile whose uv.lock does not parse.
func badLockProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"Dockerfile": "FROM python:3.12-slim\nCOPY uv.lock pyproject.toml ./\nRUN uv sync --locked\n",
		"uv.lock":    "version = 1\n[[package]\nname = \n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "Dockerfile")
}

// doctor is the one command that runs a program; it reaches it through
// run like every other command.
func TestDoctorHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"doctor", "-h"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "Usage: ballast doctor [flags] [PATH ...]") || !strings.Contains(stderr.String(), "-timeout") {
		t.Errorf("doctor -h:\n%s", stderr.String())
	}
}

// When the engine cannot say its image store (no daemon), the project's
// image-store setting is what the estimate uses.
func TestDoctorConfigStoreWithoutDaemon(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake docker is a shell script")
	}
	fake := t.TempDir()
	script := "#!/bin/sh\ncase \"$*\" in\n" +
		"'--version') echo 'Docker version 27.3.1, build ce12230' ;;\n" +
		"'info --format {{json .}}') echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2; exit 1 ;;\n" +
		"*) echo v0.17.1 ;;\nesac\n"
	if err := os.WriteFile(filepath.Join(fake, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	peak := func(config string) int64 {
		dir := t.TempDir()
		for _, name := range []string{"Dockerfile", "uv.lock", "pyproject.toml"} {
			b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", "uv-app", name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if config != "" {
			if err := os.WriteFile(filepath.Join(dir, ".ballast.toml"), []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		var stdout, stderr bytes.Buffer
		if code := doctorOn(wslMachine(fake, 200_000_000_000), []string{"--format", "json", dir}, &stdout, &stderr); code != exitFindings {
			t.Fatalf("exit %d, want %d (no daemon): %s", code, exitFindings, stderr.String())
		}
		var doc struct {
			StoreAssumed bool `json:"store_assumed"`
			Checks       []struct {
				Name  string
				Facts struct {
					Peak struct{ Value int64 } `json:"peak_disk_bytes"`
				}
			}
		}
		if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if !doc.StoreAssumed {
			t.Errorf("store_assumed false without a daemon")
		}
		for _, c := range doc.Checks {
			if c.Name == "step-disk" {
				return c.Facts.Peak.Value
			}
		}
		t.Fatalf("no step-disk check:\n%s", stdout.String())
		return 0
	}
	if def, overlay := peak(""), peak("image-store = \"overlay2\"\n"); overlay <= 0 || overlay >= def {
		t.Errorf("peak disk with image-store overlay2 %d, without %d: want the configuration to leave the copy out", overlay, def)
	}
}
