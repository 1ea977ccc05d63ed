package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/lint"
)

// corpusLocks lists the uv.lock corpus: every NAME.uv.lock with its
// NAME.pyproject.toml beside it.
func corpusLocks(tb testing.TB) (dir string, locks []string) {
	tb.Helper()
	dir = shared(tb, filepath.Join("corpus", "uvlock"))
	locks, err := filepath.Glob(filepath.Join(dir, "*.uv.lock"))
	if err != nil || len(locks) == 0 {
		tb.Fatalf("no locks in %s: %v", dir, err)
	}
	return dir, locks
}

// TestCostCorpusLocks costs every corpus lock given alone: each must
// succeed, and the JSON must agree with itself (download bytes are the sum
// of the packages', and exact exactly when every size is known).
func TestCostCorpusLocks(t *testing.T) {
	_, locks := corpusLocks(t)
	for _, lock := range locks {
		t.Run(filepath.Base(lock), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run([]string{"cost", "--format", "json", lock}, nil, &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			var doc struct {
				Units []report.CostUnit `json:"units"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Units) != 1 || len(doc.Units[0].Steps) != 1 {
				t.Fatalf("want one unit with one step, got %+v", doc.Units)
			}
			checkStep(t, doc.Units[0].Steps[0])
		})
	}
}

// checkStep checks the arithmetic of one step's JSON.
func checkStep(t *testing.T, s report.CostStep) {
	t.Helper()
	if s.Error != "" {
		t.Fatalf("step not costed: %s", s.Error)
	}
	var sum, low, high int64
	missing := 0
	for _, p := range s.Packages {
		sum += p.Download
		if !p.SizeKnown {
			missing++
		}
	}
	low, high = s.DownloadRange.Low, s.DownloadRange.High
	if sum != s.Download || s.DownloadRange.Value != s.Download {
		t.Errorf("download_bytes %d, packages sum to %d", s.Download, sum)
	}
	if missing != s.MissingSizes {
		t.Errorf("missing_sizes %d, counted %d", s.MissingSizes, missing)
	}
	if (missing == 0) != (low == high) {
		t.Errorf("download range %d–%d with %d missing sizes", low, high, missing)
	}
	for _, r := range []lint.Range{s.Installed, s.Layer, s.PeakDisk, s.PeakMemory} {
		if r.Low > r.Value || r.Value > r.High {
			t.Errorf("range out of order: %+v", r)
		}
	}
	if s.Installed.Value < s.Download && s.Download > 0 {
		t.Errorf("installed %d below download %d", s.Installed.Value, s.Download)
	}
}

// corpusPair matches NAME.Dockerfile and NAME__N.Dockerfile: the lock is
// NAME.uv.lock.
var corpusPair = regexp.MustCompile(`^(.*?)(?:__\d+)?\.Dockerfile$`)

// TestCostCorpusDockerfiles costs every Dockerfile of the uv.lock corpus
// with its lock and pyproject.toml laid out as a build context.
func TestCostCorpusDockerfiles(t *testing.T) {
	dir, _ := corpusLocks(t)
	dockerfiles, _ := filepath.Glob(filepath.Join(dir, "*.Dockerfile"))
	if len(dockerfiles) == 0 {
		t.Fatal("no Dockerfiles in the uv.lock corpus")
	}
	for _, df := range dockerfiles {
		t.Run(filepath.Base(df), func(t *testing.T) {
			ctx := t.TempDir()
			name := corpusPair.FindStringSubmatch(filepath.Base(df))[1]
			copyFile(t, df, filepath.Join(ctx, "Dockerfile"))
			for _, f := range []string{"uv.lock", "pyproject.toml"} {
				src := filepath.Join(dir, name+"."+f)
				if _, err := os.Stat(src); err == nil {
					copyFile(t, src, filepath.Join(ctx, f))
				}
			}
			var out, errb bytes.Buffer
			if code := run([]string{"cost", "--format", "json", filepath.Join(ctx, "Dockerfile")}, nil, &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			var doc struct {
				Units []report.CostUnit `json:"units"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			for _, s := range doc.Units[0].Steps {
				if s.Error == "" {
					checkStep(t, s)
				}
			}
		})
	}
}

// BenchmarkCostLargestLock runs `ballast cost --format json` on the
// largest corpus lock (≈ 2 MB): read, parse, walk, choose wheels, estimate,
// render.
func BenchmarkCostLargestLock(b *testing.B) {
	_, locks := corpusLocks(b)
	largest, size := "", int64(0)
	for _, l := range locks {
		if fi, err := os.Stat(l); err == nil && fi.Size() > size {
			largest, size = l, fi.Size()
		}
	}
	b.Logf("%s: %d bytes", filepath.Base(largest), size)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if code := run([]string{"cost", "--format", "json", largest}, nil, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkCostCorpus costs every corpus lock given alone, one after the
// other, as `ballast cost --format json` does, and reports locks/s and
// the process's peak RSS.
func BenchmarkCostCorpus(b *testing.B) {
	tuneGC()
	_, locks := corpusLocks(b)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range locks {
			if code := run([]string{"cost", "--format", "json", l}, nil, io.Discard, io.Discard); code != exitOK {
				b.Fatalf("%s: exit %d", l, code)
			}
		}
	}
	b.ReportMetric(float64(len(locks)*b.N)/b.Elapsed().Seconds(), "locks/s")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}
