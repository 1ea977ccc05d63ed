package driver_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadFindsLock covers how a Dockerfile's lock is found: what COPY,
// ADD or a bind mount brings in, else the context root.
func TestLoadFindsLock(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		context    string
		wantLock   string
		wantReason string
	}{
		{
			name: "copy of the lock in a subfolder",
			files: map[string]string{
				"Dockerfile":             "FROM python:3.12\nCOPY backend/uv.lock backend/pyproject.toml ./\n",
				"backend/uv.lock":        "version = 1\n",
				"backend/pyproject.toml": "[project]\nname = \"x\"\n",
				"uv.lock":                "version = 1\n",
			},
			wantLock:   "backend/uv.lock",
			wantReason: "COPY at Dockerfile:2",
		},
		{
			name: "copy of a folder holding the lock",
			files: map[string]string{
				"Dockerfile":  "FROM python:3.12\nCOPY svc/ /app/\n",
				"svc/uv.lock": "version = 1\n",
			},
			wantLock:   "svc/uv.lock",
			wantReason: "COPY at Dockerfile:2",
		},
		{
			name: "bind mount",
			files: map[string]string{
				"Dockerfile":  "FROM python:3.12\nRUN --mount=type=bind,source=app/uv.lock,target=uv.lock uv sync --locked\n",
				"app/uv.lock": "version = 1\n",
			},
			wantLock:   "app/uv.lock",
			wantReason: "RUN at Dockerfile:2",
		},
		{
			name: "copy --from another stage does not count",
			files: map[string]string{
				"Dockerfile": "FROM python:3.12 AS a\nFROM python:3.12\nCOPY --from=a /x/uv.lock ./\n",
				"x/uv.lock":  "version = 1\n",
			},
		},
		{
			name: "context root",
			files: map[string]string{
				"Dockerfile": "FROM python:3.12\nRUN echo\n",
				"uv.lock":    "version = 1\n",
			},
			wantLock:   "uv.lock",
			wantReason: "context root",
		},
		{
			name: "explicit context",
			files: map[string]string{
				"docker/Dockerfile": "FROM python:3.12\nCOPY uv.lock ./\n",
				"uv.lock":           "version = 1\n",
			},
			context:    ".",
			wantLock:   "uv.lock",
			wantReason: "COPY at docker/Dockerfile:2",
		},
		{
			name:  "no lock",
			files: map[string]string{"Dockerfile": "FROM python:3.12\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tt.files)
			t.Chdir(dir)
			df := "Dockerfile"
			if _, ok := tt.files["docker/Dockerfile"]; ok {
				df = "docker/Dockerfile"
			}
			u, err := driver.Load(driver.Input{Path: df, Context: tt.context})
			if err != nil {
				t.Fatal(err)
			}
			var lock string
			if u.Lock != nil {
				lock = filepath.ToSlash(u.Lock.Path)
			}
			if lock != tt.wantLock || u.LockReason != tt.wantReason {
				t.Errorf("lock %q (%s), want %q (%s)", lock, u.LockReason, tt.wantLock, tt.wantReason)
			}
			if tt.wantLock != "" && tt.files[filepath.Join(filepath.Dir(tt.wantLock), "pyproject.toml")] != "" && u.Pyproject == nil {
				t.Error("pyproject.toml beside the lock not loaded")
			}
		})
	}
}

func TestDiscover(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"Dockerfile": "", "api/Dockerfile.prod": "", "api/web.Dockerfile": "", "worker/Containerfile": "",
		"vendor/x/Dockerfile": "", ".git/Dockerfile": "", "node_modules/y/Dockerfile": "",
		"notes.md": "", "api/Dockerfile.dockerignore": "", "dockerfiles/README": "",
		"gpu/Dockerfile-cuda": "", "gpu/Dockerfile_amd": "", "gpu/jax.dockerfile": "", "gpu/dockerfile.dev": "",
		"src/dockerfile.go": "", "src/dockerfile_test.py": "", "src/Dockerfile.j2": "", "src/Containerfile.md": "",
	})
	t.Chdir(dir)
	got, err := driver.Discover([]string{"."})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = filepath.ToSlash(got[i])
	}
	want := []string{"Dockerfile", "api/Dockerfile.prod", "api/web.Dockerfile", "gpu/Dockerfile-cuda", "gpu/Dockerfile_amd", "gpu/dockerfile.dev", "gpu/jax.dockerfile", "worker/Containerfile"}
	if !slices.Equal(got, want) {
		t.Errorf("Discover = %q, want %q", got, want)
	}
	if _, err := driver.Discover([]string{"missing"}); err == nil {
		t.Error("Discover(missing): want an error")
	}
}
