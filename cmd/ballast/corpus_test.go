package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/buildkit"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// shared returns ../shared beside the repository, skipping the test when it
// is absent (a user's fresh clone) and failing it when CI=true.
func shared(tb testing.TB, sub string) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "..", "shared", sub)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but %s is missing: %v", dir, err)
		}
		tb.Skipf("%s not found (it sits beside the repository in the development setup): %v", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return abs
}

func corpusDockerfiles(tb testing.TB) []string {
	tb.Helper()
	dir := shared(tb, filepath.Join("corpus", "dockerfiles"))
	manifest, err := os.ReadFile(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	var files []string
	for i, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		name, _, _ := strings.Cut(line, "\t")
		if i > 0 && name != "" {
			files = append(files, filepath.Join(dir, name))
		}
	}
	if len(files) == 0 {
		tb.Fatalf("no Dockerfiles in %s", dir)
	}
	return files
}

// TestCorpusDockerfiles runs `ballast check` on every corpus Dockerfile:
// exit 0 or 1, or 2 with one message naming the file; never a panic.
func TestCorpusDockerfiles(t *testing.T) {
	files := corpusDockerfiles(t)
	exits := map[int]int{}
	for _, f := range files {
		var stdout, stderr bytes.Buffer
		code := run([]string{"check", "--format", "json", f}, strings.NewReader(""), &stdout, &stderr)
		exits[code]++
		switch code {
		case exitOK, exitFindings:
			if stderr.Len() != 0 {
				t.Errorf("%s: exit %d with stderr %q", filepath.Base(f), code, stderr.String())
			}
		case exitError:
			if !strings.Contains(stderr.String(), filepath.Base(f)) {
				t.Errorf("%s: exit 2 without naming the file: %q", filepath.Base(f), stderr.String())
			}
			t.Logf("%s: rejected: %s", filepath.Base(f), strings.TrimSpace(stderr.String()))
		default:
			t.Errorf("%s: exit %d", filepath.Base(f), code)
		}
	}
	t.Logf("%d corpus Dockerfiles: %d clean, %d with findings, %d rejected", len(files), exits[0], exits[1], exits[2])
}

// TestCorpusLocks lints every corpus Dockerfile that comes with a uv.lock,
// in a build context holding the lock (and pyproject.toml) under their real
// names: every lock must load, so the exit is 0 or 1.
func TestCorpusLocks(t *testing.T) {
	dir := shared(t, filepath.Join("corpus", "uvlock"))
	locks, err := filepath.Glob(filepath.Join(dir, "*.uv.lock"))
	if err != nil || len(locks) == 0 {
		t.Fatalf("no locks in %s: %v", dir, err)
	}
	paired := 0
	for _, lock := range locks {
		stem := strings.TrimSuffix(lock, ".uv.lock")
		ctx := t.TempDir()
		copyFile(t, lock, filepath.Join(ctx, "uv.lock"))
		if _, err := os.Stat(stem + ".pyproject.toml"); err == nil {
			copyFile(t, stem+".pyproject.toml", filepath.Join(ctx, "pyproject.toml"))
		}
		df := stem + ".Dockerfile"
		if _, err := os.Stat(df); err != nil {
			// A lock without a Dockerfile: lint a minimal one that syncs it.
			if err := os.WriteFile(filepath.Join(ctx, "Dockerfile"), []byte("FROM python:3.12-slim\nCOPY uv.lock pyproject.toml ./\nRUN uv sync --locked\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			copyFile(t, df, filepath.Join(ctx, "Dockerfile"))
			paired++
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{"check", "--no-color", filepath.Join(ctx, "Dockerfile")}, strings.NewReader(""), &stdout, &stderr)
		if code == exitError {
			t.Errorf("%s: exit 2: %s", filepath.Base(lock), stderr.String())
		}
	}
	t.Logf("%d corpus locks checked, %d with their own Dockerfile", len(locks), paired)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(b *testing.B, files []string) [][]byte {
	b.Helper()
	var srcs [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	return srcs
}

// BenchmarkCorpusBuildKitParse is the baseline: BuildKit's parser and
// instructions.Parse over every corpus Dockerfile, one goroutine.
func BenchmarkCorpusBuildKitParse(b *testing.B) {
	tuneGC() // every corpus benchmark runs as the binary does
	srcs := readAll(b, corpusDockerfiles(b))
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		for _, src := range srcs {
			res, err := parser.Parse(bytes.NewReader(src))
			if err != nil {
				continue
			}
			_, _, _ = instructions.Parse(res.AST, nil)
		}
	}
	reportRate(b, len(srcs), cpu)
}

// BenchmarkCorpusCheck is `ballast check` on every corpus Dockerfile with
// every default rule, one unit at a time (Jobs: 1) to compare with the
// baseline above.
func BenchmarkCorpusCheck(b *testing.B) {
	benchmarkCorpusCheck(b, 1)
}

// BenchmarkCorpusCheckParallel is the same on every core, as the CLI runs.
func BenchmarkCorpusCheckParallel(b *testing.B) {
	benchmarkCorpusCheck(b, runtime.NumCPU())
}

// benchmarkCorpusCheck runs the driver with every default rule and jobs
// workers over the corpus Dockerfiles, read beforehand.
func benchmarkCorpusCheck(b *testing.B, jobs int, selection ...string) {
	b.Helper()
	tuneGC()
	files := corpusDockerfiles(b)
	srcs := readAll(b, files)
	inputs := make([]driver.Input, len(files))
	for i, f := range files {
		inputs[i] = driver.Input{Path: f, Src: srcs[i]}
	}
	opts := driver.Options{Rules: rules.All(), Jobs: jobs, Select: selection}
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		driver.Run(inputs, opts)
	}
	reportRate(b, len(files), cpu)
}

// BenchmarkCorpusCheckBuildKitRules runs only BuildKit's checks and the
// first uv rules, BA201–BA203 (the rules that need no shell syntax tree but
// theirs, and no lock walk), to compare the cost of the BuildKit-compatible
// part with the baseline. The set is named, not taken by category, so that
// rules added to a category later do not change what it measures.
func BenchmarkCorpusCheckBuildKitRules(b *testing.B) {
	codes := []string{"BA201", "BA202", "BA203"}
	for _, r := range buildkit.Rules() {
		codes = append(codes, r.Code)
	}
	benchmarkCorpusCheck(b, 1, codes...)
}

// BenchmarkCorpusCheckWithCost is the foundation's rules with the cost
// analysis and every rule built on it (BA204–BA206, BA301–BA305): the lock
// walk, wheel choice and estimates on top of BenchmarkCorpusCheckBuildKitRules.
func BenchmarkCorpusCheckWithCost(b *testing.B) {
	codes := []string{"BA201", "BA202", "BA203", "BA204", "BA205", "BA206", "BA301", "BA302", "BA303", "BA304", "BA305"}
	for _, r := range buildkit.Rules() {
		codes = append(codes, r.Code)
	}
	benchmarkCorpusCheck(b, 1, codes...)
}

// reportRate adds files/s, the process's CPU time per operation since
// startCPU (user and system, the garbage collector's included: steadier
// than wall time on a busy machine) and its peak RSS so far.
func reportRate(b *testing.B, files int, startCPU time.Duration) {
	b.Helper()
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
	if cpu := processCPU(); cpu > 0 {
		b.ReportMetric(float64(cpu-startCPU)/float64(b.N), "cpu-ns/op")
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}

// processCPU is the CPU time the process has used, 0 when unknown.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
