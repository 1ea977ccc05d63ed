package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// BenchmarkHugeDockerfile runs a built ballast binary on generated
// Dockerfiles of 1, 4 and 16 MiB (16 MiB is the input limit) and reports
// the process's peak resident memory, in MB and as a multiple of the
// input's size: what a user linting a huge file pays, the garbage
// collector's slack included, which an in-process benchmark cannot see.
// Each shape stresses another part: many RUNs that install (the shell
// parser, the install steps and their cost), many ARG/ENV lines (the
// variable scope), many stages.
func BenchmarkHugeDockerfile(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "ballast")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	shapes := []struct {
		name string
		line func(i int) string
	}{
		{"pip", func(i int) string {
			return fmt.Sprintf("RUN pip install --no-cache-dir package%d==1.%d && echo done%d\n", i, i, i)
		}},
		{"env", func(i int) string { return fmt.Sprintf("ARG A%d=v%d\nENV E%d=${A%d}_x\n", i, i, i, i) }},
		{"stages", func(i int) string { return fmt.Sprintf("FROM python:3.12-slim AS s%d\nRUN echo %d\n", i, i) }},
	}
	for _, shape := range shapes {
		for _, mib := range []int{1, 4, 16} {
			b.Run(fmt.Sprintf("%s/%dMiB", shape.name, mib), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "Dockerfile")
				size := writeHugeDockerfile(b, path, mib<<20, shape.line)
				var peak int64
				for range b.N {
					peak = max(peak, peakRSS(b, bin, path))
				}
				b.ReportMetric(float64(peak)/1e6, "peak-MB")
				b.ReportMetric(float64(peak)/float64(size), "x-input")
			})
		}
	}
}

// writeHugeDockerfile writes a FROM line and then lines from line until
// the next would pass limit bytes, and returns the file's size.
func writeHugeDockerfile(b *testing.B, path string, limit int, line func(int) string) int {
	b.Helper()
	var sb strings.Builder
	sb.WriteString("FROM python:3.12-slim\n")
	for i := 0; ; i++ {
		l := line(i)
		if sb.Len()+len(l) > limit {
			break
		}
		sb.WriteString(l)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return sb.Len()
}

// peakRSS runs `ballast check path` and returns its peak resident memory
// in bytes. Findings (exit 1) are expected; an input error is not.
func peakRSS(b *testing.B, bin, path string) int64 {
	b.Helper()
	cmd := exec.Command(bin, "check", "--no-color", path)
	if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() != exitFindings {
		b.Fatalf("ballast check: %v", err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		b.Fatal("no resource usage for the ballast process")
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes there, KiB on Linux
	}
	return ru.Maxrss << 10
}
