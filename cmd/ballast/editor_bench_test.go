package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditorSave is an editor's on-save lint: one process reading a
// 100-line Dockerfile from standard input and writing JSON, start-up
// included, against a process that runs only BuildKit's parser and its
// parse-time checks on the same file. The two run alternately in the same
// loop so that the reported ratio (x-parser) holds on a noisy machine;
// the budget is 1.65x without a lock beside the file and 3x with
// a 1 MB uv.lock beside it.
func BenchmarkEditorSave(b *testing.B) {
	dir := b.TempDir()
	ballast, parserOnly := filepath.Join(dir, "ballast"), filepath.Join(dir, "parseronly")
	for _, c := range [][]string{{"-o", ballast, "."}, {"-o", parserOnly, "./testdata/parseronly"}} {
		if out, err := exec.Command("go", append([]string{"build"}, c...)...).CombinedOutput(); err != nil {
			b.Fatalf("go build %v: %v\n%s", c, err, out)
		}
	}
	dockerfile := editorDockerfile()
	for _, withLock := range []bool{false, true} {
		name := "NoLock"
		if withLock {
			name = "Lock1MB"
		}
		b.Run(name, func(b *testing.B) {
			project := b.TempDir()
			if withLock {
				if err := os.WriteFile(filepath.Join(project, "uv.lock"), editorLock(1<<20), 0o600); err != nil {
					b.Fatal(err)
				}
			}
			save := func(bin string, args ...string) time.Duration {
				cmd := exec.Command(bin, args...)
				cmd.Dir = project
				cmd.Stdin = bytes.NewReader(dockerfile)
				start := time.Now()
				out, err := cmd.Output()
				took := time.Since(start)
				if len(out) == 0 {
					b.Fatalf("%s: no output (%v)", bin, err)
				}
				return took
			}
			var ours, theirs time.Duration
			for range b.N {
				ours += save(ballast, "check", "--format", "json", "--stdin-filename", "Dockerfile", "-")
				theirs += save(parserOnly)
			}
			b.ReportMetric(float64(ours)/float64(theirs), "x-parser")
			b.ReportMetric(float64(ours.Microseconds())/float64(b.N), "ballast-µs/op")
			b.ReportMetric(float64(theirs.Microseconds())/float64(b.N), "parser-µs/op")
		})
	}
}

// editorDockerfile is a 100-line Dockerfile of the kind an editor saves:
// a uv build stage and a runtime stage, apt, ENV, ARG and COPY lines.
func editorDockerfile() []byte {
	var sb strings.Builder
	sb.WriteString("# syntax=docker/dockerfile:1\nARG PYTHON=3.12\nFROM python:${PYTHON}-slim AS build\n")
	sb.WriteString("COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /uvx /bin/\nWORKDIR /app\n")
	sb.WriteString("ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\n")
	sb.WriteString("RUN --mount=type=cache,target=/root/.cache/uv \\\n    --mount=type=bind,source=uv.lock,target=uv.lock \\\n    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n    uv sync --locked --no-install-project --no-dev\n")
	sb.WriteString("COPY . /app\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev\n")
	sb.WriteString("FROM python:${PYTHON}-slim\n")
	sb.WriteString("RUN apt-get update && apt-get install -y --no-install-recommends \\\n    curl=7.88.1-10 ca-certificates=20230311 \\\n && rm -rf /var/lib/apt/lists/*\n")
	for i := 0; strings.Count(sb.String(), "\n") < 94; i++ {
		fmt.Fprintf(&sb, "ENV SETTING_%d=value%d\nLABEL org.example.layer%d=\"step %d\"\nRUN echo \"step %d\" > /etc/step%d && chmod 0644 /etc/step%d\n", i, i, i, i, i, i, i)
	}
	sb.WriteString("COPY --from=build /app /app\nENV PATH=\"/app/.venv/bin:$PATH\"\nUSER 1000\nEXPOSE 8000\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD [\"python\", \"-m\", \"app\"]\n")
	return []byte(sb.String())
}

// editorLock is a uv.lock of about size bytes: a project and registry
// packages with an sdist and wheels each, as uv writes them.
func editorLock(size int) []byte {
	// The packages form one chain that the project's dependency enters at
	// its top, so that an install reaches every package, as a real
	// project's does, and the lock resolves: each dependency is a package
	// of the lock.
	var pkgs strings.Builder
	n := 0
	for ; pkgs.Len() < size; n++ {
		fmt.Fprintf(&pkgs, "[[package]]\nname = \"package%d\"\nversion = \"1.%d.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n", n, n)
		if n > 0 {
			fmt.Fprintf(&pkgs, "dependencies = [\n    { name = \"package%d\" },\n]\n", n-1)
		}
		fmt.Fprintf(&pkgs, "sdist = { url = \"https://files.pythonhosted.org/packages/aa/bb/package%d-1.%d.0.tar.gz\", hash = \"sha256:%064x\", size = %d }\nwheels = [\n", n, n, n, 100000+n)
		for _, tag := range []string{"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64", "cp312-cp312-macosx_11_0_arm64", "cp312-cp312-win_amd64"} {
			fmt.Fprintf(&pkgs, "    { url = \"https://files.pythonhosted.org/packages/cc/dd/package%d-1.%d.0-%s.whl\", hash = \"sha256:%064x\", size = %d },\n", n, n, tag, n+1, 200000+n)
		}
		pkgs.WriteString("]\n\n")
	}
	var sb strings.Builder
	sb.WriteString("version = 1\nrevision = 2\nrequires-python = \">=3.12\"\n\n")
	fmt.Fprintf(&sb, "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\ndependencies = [\n    { name = \"package%d\" },\n]\n\n", n-1)
	sb.WriteString(pkgs.String())
	return []byte(sb.String())
}

// BenchmarkLSPSave is the check a save triggers in `ballast lsp`: the
// same Dockerfile and 1 MB lock as BenchmarkEditorSave, in a server that
// has checked them before (the parsed lock is kept while its bytes stay
// the same), and, for comparison, in a fresh server each time.
func BenchmarkLSPSave(b *testing.B) {
	dockerfile := editorDockerfile()
	project := b.TempDir()
	if err := os.WriteFile(filepath.Join(project, "uv.lock"), editorLock(1<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(project, "Dockerfile")
	save := func(b *testing.B, check func(string, []byte) (int, error)) {
		b.Helper()
		for b.Loop() {
			n, err := check(path, dockerfile)
			if err != nil || n == 0 {
				b.Fatalf("%d findings, %v", n, err)
			}
		}
	}
	b.Run("Lock1MB/warm", func(b *testing.B) {
		check := lspChecker()
		save(b, func(p string, src []byte) (int, error) {
			rep, err := check(p, src)
			return len(rep.Findings), err
		})
	})
	b.Run("Lock1MB/cold", func(b *testing.B) {
		save(b, func(p string, src []byte) (int, error) {
			rep, err := lspChecker()(p, src)
			return len(rep.Findings), err
		})
	})
}
