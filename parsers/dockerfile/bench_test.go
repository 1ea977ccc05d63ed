package dockerfile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// corpusDir holds real Dockerfiles, shared by the whole project.
const corpusDir = "../../../shared/corpus/dockerfiles"

type corpusFile struct {
	name string
	src  []byte
}

// loadCorpus reads every Dockerfile of the shared corpus. Without it the
// test is skipped, except under CI=true where the corpus must be present.
func loadCorpus(tb testing.TB) []corpusFile {
	tb.Helper()
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus missing under CI: %v", err)
		}
		tb.Skipf("corpus not available: %v", err)
	}
	var files []corpusFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || name == "MANIFEST.tsv" || name == "README.md" {
			continue
		}
		src, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, corpusFile{name, src})
	}
	if len(files) == 0 {
		tb.Fatalf("no Dockerfiles in %s", corpusDir)
	}
	return files
}

func reportFiles(b *testing.B, n int) {
	b.Helper()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkBuildKitParse is the bare BuildKit parse, the yardstick for
// BenchmarkParse (budget: at most 1.3 times this).
func BenchmarkBuildKitParse(b *testing.B) {
	files := loadCorpus(b)
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			res, err := parser.Parse(bytes.NewReader(f.src))
			if err != nil {
				continue
			}
			_, _, _ = instructions.Parse(res.AST, nil)
		}
	}
	reportFiles(b, len(files))
}

func BenchmarkParse(b *testing.B) {
	files := loadCorpus(b)
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			_, _ = Parse(f.name, f.src)
		}
	}
	reportFiles(b, len(files))
}

func BenchmarkParseAndCommands(b *testing.B) {
	files := loadCorpus(b)
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			df, err := Parse(f.name, f.src)
			if err != nil {
				continue
			}
			df.Walk(func(in *Instruction) { _ = in.Commands() })
		}
	}
	reportFiles(b, len(files))
}
