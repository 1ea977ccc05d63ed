// Package sariftest validates SARIF documents against the OASIS SARIF 2.1.0
// JSON Schema kept in the shared folder beside the repository
// (shared/schemas/sarif-schema-2.1.0.json). Only tests import it.
package sariftest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaRel is the schema's path inside the shared folder.
const SchemaRel = "shared/schemas/sarif-schema-2.1.0.json"

// ErrNoSchema means the schema file was not found beside the repository.
var ErrNoSchema = errors.New("sariftest: " + SchemaRel + " not found beside the repository")

// compiled is the schema, compiled once per test binary.
var compiled = sync.OnceValues(compileSchema)

// Validate fails tb unless doc is valid SARIF 2.1.0 by the schema. When the
// schema file is missing it skips, or fails when CI=true.
func Validate(tb testing.TB, doc []byte) {
	tb.Helper()
	err := Check(doc)
	if errors.Is(err, ErrNoSchema) {
		if os.Getenv("CI") == "true" {
			tb.Fatal(err)
		}
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// Check validates doc against the schema. It returns an error wrapping
// ErrNoSchema when the schema file cannot be found.
func Check(doc []byte) error {
	sch, err := compiled()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("sariftest: document is not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("sariftest: document does not match the SARIF 2.1.0 schema:\n%w", err)
	}
	return nil
}

// SchemaPath finds the schema in the shared folder beside the repository.
// The repository is found from this package's own source file, not from
// the working directory: tests that change directory (the CLI cases run in
// a temporary one) must find the same schema, and a stray shared folder
// above the temporary directory must not stand in for it. A binary built
// with -trimpath has no source path; it falls back to the package
// directory a test starts in.
func SchemaPath() (string, error) {
	var parents []string // folders that may hold shared/
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		// file is <repo>/sarif/sariftest/sariftest.go.
		repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
		parents = append(parents, filepath.Dir(repo))
	} else if wd, err := os.Getwd(); err == nil {
		// Tests start in a package directory, at most three levels deep.
		for range 3 {
			wd = filepath.Dir(wd)
			parents = append(parents, wd)
		}
	}
	for _, dir := range parents {
		p := filepath.Join(dir, filepath.FromSlash(SchemaRel))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoSchema
}

func compileSchema() (*jsonschema.Schema, error) {
	path, err := SchemaPath()
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("sariftest: %s: %w", path, err)
	}
	// Register the schema under its own id (draft-04 "id", later "$id") so
	// nothing is fetched; the draft's meta-schema ships with the library.
	var ids struct {
		ID  string `json:"id"`
		ID2 string `json:"$id"`
	}
	if err := json.Unmarshal(raw, &ids); err != nil {
		return nil, fmt.Errorf("sariftest: %s: %w", path, err)
	}
	url := ids.ID2
	if url == "" {
		url = ids.ID
	}
	if url == "" {
		url = "file:///sarif-schema-2.1.0.json"
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(noNetwork{})
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("sariftest: %s: %w", path, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("sariftest: compiling %s: %w", path, err)
	}
	return sch, nil
}

// noNetwork refuses every load: everything the schema needs is registered.
type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, fmt.Errorf("sariftest: refusing to load %s", url)
}
