// Package conformancetest holds what the conformance tests of the rule
// families share: reading upstream test cases from the JSON Lines files of
// the shared folder beside the repository, and linting one case as the CLI
// does. Only tests import it.
package conformancetest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
)

// Cases is ReadCases for a test that needs the data. When
// the file does not exist the test is skipped, unless CI=true: the data
// lives outside the repository, but CI must run it. what names the data in
// the skip message ("BuildKit", "hadolint").
func Cases[C any](t *testing.T, path, what string) []C {
	t.Helper()
	cases, err := ReadCases[C](path)
	if err != nil {
		if os.IsNotExist(err) && os.Getenv("CI") != "true" {
			t.Skipf("%s conformance data not found (%v); it lives in the shared folder beside the repository", what, err)
		}
		t.Fatal(err)
	}
	return cases
}

// ReadCases reads the cases of path, one JSON object per non-blank line,
// and fails when there are none.
func ReadCases[C any](path string) ([]C, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []C
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c C
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no cases", path)
	}
	return cases, nil
}

// Lint writes dockerfile, and dockerignore when it is not nil, into a fresh
// build context and runs the driver on its Dockerfile with opts, as the CLI
// does.
func Lint(t *testing.T, dockerfile string, dockerignore *string, opts driver.Options) *driver.Result {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(path, []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	if dockerignore != nil {
		if err := os.WriteFile(filepath.Join(dir, ".dockerignore"), []byte(*dockerignore), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return driver.Run([]driver.Input{{Path: path}}, opts)
}
