package sizes

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// entry is what a project page says about one file.
type entry struct {
	size    int64
	hasSize bool
	hashes  map[string]string
}

// pageJSON is the part of a PEP 691 project page that sizes need.
type pageJSON struct {
	Meta *struct {
		APIVersion string `json:"api-version"`
	} `json:"meta"`
	Files []struct {
		Filename string            `json:"filename"`
		Hashes   map[string]string `json:"hashes"`
		// Size is a json.Number so that one odd value costs only its own
		// file, not the page.
		Size json.Number `json:"size"`
	} `json:"files"`
}

// parsePage reads a PEP 691 project page into its file entries by file
// name. Only API major version 1 is understood, as PEP 691 requires of
// clients.
func parsePage(data []byte) (map[string]entry, error) {
	var p pageJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("not a JSON simple API page: %w", err)
	}
	if p.Meta == nil || p.Meta.APIVersion == "" {
		return nil, errors.New("not a JSON simple API page: no meta.api-version")
	}
	if major, _, _ := strings.Cut(p.Meta.APIVersion, "."); major != "1" {
		return nil, fmt.Errorf("unsupported simple API version %q", p.Meta.APIVersion)
	}
	files := make(map[string]entry, len(p.Files))
	for _, f := range p.Files {
		if f.Filename == "" {
			continue
		}
		e := entry{hashes: f.Hashes}
		if n, err := strconv.ParseInt(string(f.Size), 10, 64); err == nil && n >= 0 {
			e.size, e.hasSize = n, true
		}
		files[f.Filename] = e
	}
	return files, nil
}

// checkHash compares the lock's "<algorithm>:<hex>" with the entry's hash of
// the same algorithm; either one missing is no disagreement.
func (e entry) checkHash(lockHash string) error {
	alg, want, ok := strings.Cut(lockHash, ":")
	if !ok {
		return nil
	}
	got := e.hashes[strings.ToLower(alg)]
	if got == "" || strings.EqualFold(got, want) {
		return nil
	}
	return fmt.Errorf("the index lists %s:%s, the lock %s", strings.ToLower(alg), got, lockHash)
}
