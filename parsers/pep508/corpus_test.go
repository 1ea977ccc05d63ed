package pep508

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"github.com/pelletier/go-toml/v2"
)

// TestCorpusMarkersParse parses every distinct marker of the uv.lock files
// in the shared corpus, and checks that its normal form parses back to
// itself and evaluates the same.
func TestCorpusMarkersParse(t *testing.T) {
	corpusDir := uvlocktest.Dir(t)
	markers := map[string]string{} // marker → a file it appears in
	locks := 0
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() || name != "uv.lock" && !strings.HasSuffix(name, ".uv.lock") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc map[string]any
		if err := toml.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		locks++
		collectMarkers(doc, "", func(m string) {
			if _, ok := markers[m]; !ok {
				markers[m] = path
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if locks == 0 || len(markers) == 0 {
		t.Fatalf("found %d locks and %d markers under %s", locks, len(markers), corpusDir)
	}
	envs := []Env{
		NewEnv("cpython", "3.12", "linux", "amd64"),
		NewEnv("cpython", "3.10", "linux", "arm64"),
		NewEnv("cpython", "3.13.1", "darwin", "arm64"),
		NewEnv("cpython", "3.11", "windows", "amd64"),
	}
	extras := set("extra-8-nanochat-cpu", "cuda")
	for m, path := range markers {
		parsed, err := ParseMarker(m)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		norm, err := ParseMarker(parsed.String())
		if err != nil {
			t.Errorf("%s: normal form of %q does not parse: %v", path, m, err)
			continue
		}
		for i := range envs {
			if parsed.Eval(&envs[i], extras) != norm.Eval(&envs[i], extras) {
				t.Errorf("%s: %q and its normal form %q differ in %+v", path, m, parsed.String(), envs[i])
			}
		}
	}
	t.Logf("%d distinct markers in %d locks", len(markers), locks)
}

// collectMarkers calls add for every marker string in a decoded lock: the
// "marker" of edges and requires-dist entries and the lock-level marker
// lists.
func collectMarkers(v any, key string, add func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			collectMarkers(child, k, add)
		}
	case []any:
		for _, child := range v {
			collectMarkers(child, key, add)
		}
	case string:
		switch key {
		case "marker", "resolution-markers", "supported-markers", "required-markers":
			add(v)
		}
	}
}
