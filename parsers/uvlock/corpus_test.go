package uvlock

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

// TestCorpus parses every real lock and checks it against MANIFEST.tsv:
// package count, version and revision, a format the model knows, no
// duplicate package. Every dependency edge must resolve
// to exactly one package, and every package entry must start at its
// [[package]] header with its name where NamePos says.
func TestCorpus(t *testing.T) {
	dir := uvlocktest.Dir(t)
	manifest := readManifest(t, filepath.Join(dir, "MANIFEST.tsv"))
	files, err := filepath.Glob(filepath.Join(dir, "*.uv.lock"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no locks in %s (%v)", dir, err)
	}
	if len(files) != len(manifest) {
		t.Errorf("%d locks on disk, %d in MANIFEST.tsv", len(files), len(manifest))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".uv.lock"), func(t *testing.T) {
			row, ok := manifest[name]
			if !ok {
				t.Fatalf("%s is not in MANIFEST.tsv", name)
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lock, err := Parse(name, src)
			if err != nil {
				t.Fatal(err)
			}
			if got := strconv.Itoa(len(lock.Packages)); got != row["packages"] {
				t.Errorf("%s packages, MANIFEST says %s", got, row["packages"])
			}
			if got := strconv.Itoa(lock.Version); got != row["lock_version"] {
				t.Errorf("version %s, MANIFEST says %s", got, row["lock_version"])
			}
			if got := strconv.Itoa(lock.Revision); got != row["lock_revision"] {
				t.Errorf("revision %s, MANIFEST says %s", got, row["lock_revision"])
			}
			if len(lock.Unknown) != 0 {
				t.Errorf("unknown keys in a real lock: %+v", lock.Unknown[0])
			}
			if len(lock.Roots()) == 0 {
				t.Error("no roots")
			}
			if d := lock.Duplicates(); len(d) > 0 {
				t.Errorf("uv wrote a duplicate package: %s at line %d", d[0].Second.ID(), d[0].Second.NamePos.Line)
			}
			if lock.FormatNewer() {
				t.Errorf("format version %d revision %d is newer than the model knows", lock.Version, lock.Revision)
			}
			for _, p := range lock.Packages {
				if !bytes.HasPrefix(src[p.Pos.Offset:], []byte("[[package]]")) ||
					string(src[p.NamePos.Offset:p.NamePos.EndOffset]) != strconv.Quote(p.Name) {
					t.Fatalf("package %s: positions %v %v do not point at its header and name", p.Name, p.Pos, p.NamePos)
				}
				for _, e := range edges(p) {
					if lock.Resolve(e) == nil {
						t.Errorf("%s %s: edge to %s %s resolves to no single package", p.Name, p.Version, e.Name, e.Version)
					}
					if src[e.Pos.Offset] != '{' || src[e.Pos.EndOffset-1] != '}' {
						t.Fatalf("%s: edge span %v is not its inline table", p.Name, e.Pos)
					}
				}
			}
		})
	}
}

func edges(p *Package) []Dependency {
	all := append([]Dependency(nil), p.Dependencies...)
	for _, g := range slices.Sorted(maps.Keys(p.OptionalDependencies)) {
		all = append(all, p.OptionalDependencies[g]...)
	}
	for _, g := range slices.Sorted(maps.Keys(p.DevDependencies)) {
		all = append(all, p.DevDependencies[g]...)
	}
	return all
}

// readManifest maps each file name of MANIFEST.tsv to its row.
func readManifest(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	r := csv.NewReader(f)
	r.Comma = '\t'
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("reading %s: %v", path, err)
	}
	rows := map[string]map[string]string{}
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		rows[row["file"]] = row
	}
	return rows
}

// BenchmarkParse parses the largest lock of the corpus.
func BenchmarkParse(b *testing.B) {
	benchmarkParse(b, func(*Lock) {})
}

// BenchmarkParseArtifacts parses the largest lock of the corpus and reads
// every sdist and wheel, which Parse leaves undecoded until asked.
func BenchmarkParseArtifacts(b *testing.B) {
	benchmarkParse(b, func(lock *Lock) {
		for _, p := range lock.Packages {
			p.Sdist()
			p.Wheels()
		}
	})
}

func benchmarkParse(b *testing.B, then func(*Lock)) {
	b.Helper()
	dir := uvlocktest.Dir(b)
	var largest string
	var size int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".uv.lock") {
			return err
		}
		info, err := d.Info()
		if err == nil && info.Size() > size {
			largest, size = path, info.Size()
		}
		return err
	})
	if err != nil || largest == "" {
		b.Fatalf("no lock in %s (%v)", dir, err)
	}
	src, err := os.ReadFile(largest)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s, %d bytes", filepath.Base(largest), len(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		lock, err := Parse("uv.lock", src)
		if err != nil {
			b.Fatal(err)
		}
		then(lock)
	}
}
