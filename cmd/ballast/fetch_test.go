package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/ballast-dev/ballast/report"
)

// TestFetchSizes runs `ballast cost --fetch-sizes` against a local index
// that serves PEP 691/700 JSON: the size the lock lacks comes from the
// index, and without the flag ballast sends nothing.
func TestFetchSizes(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/whl/cpu/torch/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		fmt.Fprint(w, `{"meta": {"api-version": "1.1"}, "name": "torch", "versions": ["2.5.1+cpu"], "files": [
			{"filename": "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl", "url": "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
			 "hashes": {"sha256": "b0"}, "size": 174608520}]}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	lock := fmt.Sprintf(`version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "torch" }]

[[package]]
name = "torch"
version = "2.5.1+cpu"
source = { registry = "%[1]s/whl/cpu" }
wheels = [
    { url = "%[1]s/whl/cpu/torch-2.5.1%%2Bcpu-cp312-cp312-linux_x86_64.whl", hash = "sha256:b0" },
]
`, srv.URL)
	path := filepath.Join(dir, "uv.lock")
	if err := os.WriteFile(path, []byte(lock), 0o644); err != nil {
		t.Fatal(err)
	}
	costOf := func(args ...string) report.CostStep {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(append([]string{"cost", "--format", "json", "--python", "3.12"}, args...), nil, &out, &errb); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		var doc struct {
			Units []report.CostUnit `json:"units"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Units[0].Steps[0]
	}

	s := costOf(path)
	if hits.Load() != 0 {
		t.Fatalf("without --fetch-sizes ballast sent %d requests", hits.Load())
	}
	if s.MissingSizes != 1 || s.DownloadRange.IsExact() {
		t.Fatalf("without --fetch-sizes: missing %d, range %+v; want 1 missing and an estimated range", s.MissingSizes, s.DownloadRange)
	}

	cache := filepath.Join(dir, "cache")
	s = costOf("--fetch-sizes", "--cache-dir", cache, path)
	if s.MissingSizes != 0 || s.Download != 174608520 || !s.DownloadRange.IsExact() {
		t.Fatalf("with --fetch-sizes: missing %d, download %d %+v; want 0 missing and exactly 174608520", s.MissingSizes, s.Download, s.DownloadRange)
	}
	if got := s.Packages[0].SizeSource; got != "fetched from the package index" {
		t.Errorf("size_source %q", got)
	}
	before := hits.Load()
	costOf("--fetch-sizes", "--cache-dir", cache, path)
	if hits.Load() != before {
		t.Errorf("a second run asked the index again (%d requests); the cache should answer", hits.Load()-before)
	}
}
