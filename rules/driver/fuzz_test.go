package driver_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/driver"
)

// FuzzDriver runs every rule (off-by-default and experimental ones too) on a
// Dockerfile and a uv.lock in one build context, and applies every fix:
// whatever the input, no panic, findings inside their files, and applied
// fixes never leave a file shorter than an edit claims.
func FuzzDriver(f *testing.F) {
	f.Add([]byte("FROM python:3.11-slim as base\nCOPY uv.lock ./\nRUN uv sync\n"), []byte("version = 1\nrequires-python = \">=3.12\"\n"))
	f.Add([]byte("# check=skip=all;experimental=all\nARG X=1\nFROM $X AS Build\nENV A b\nRUN <<EOF\nuv sync --frozen\nEOF\nCMD x\n"), []byte("version = 1\n[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { editable = \".\" }\n"))
	f.Add([]byte("FROM scratch\nONBUILD RUN sh -c 'uv sync --extra cpu'\nEXPOSE 80/TCP 127.0.0.1:8080:80\n"), []byte("[[distribution]]\nname = 'x'\n"))
	all := rules.All()
	f.Fuzz(func(t *testing.T, dockerfile, lock []byte) {
		dir := t.TempDir()
		df := filepath.Join(dir, "Dockerfile")
		if err := os.WriteFile(filepath.Join(dir, "uv.lock"), lock, 0o644); err != nil {
			t.Fatal(err)
		}
		res := driver.Run([]driver.Input{{Path: df, Src: dockerfile}}, driver.Options{Rules: all, Select: []string{"all"}, Jobs: 1})
		for _, fd := range res.Findings {
			src, ok := res.Sources[fd.File]
			if !ok {
				t.Fatalf("%s: finding in a file that is not a source: %s", fd.Rule.Code, fd.File)
			}
			if fd.Start.Offset < 0 || fd.End.Offset < fd.Start.Offset || fd.End.Offset > len(src) {
				t.Fatalf("%s: span %d-%d outside %d bytes", fd.Rule.Code, fd.Start.Offset, fd.End.Offset, len(src))
			}
			for _, fx := range fd.Fixes {
				for _, e := range fx.Edits {
					if e.Start < 0 || e.End < e.Start || e.End > len(res.Sources[e.File]) {
						t.Fatalf("%s: edit %d-%d outside %s", fd.Rule.Code, e.Start, e.End, e.File)
					}
				}
			}
		}
		if src, ok := res.Sources[df]; ok {
			driver.ApplyFixes(df, src, res.Findings, true)
		}
	})
}
