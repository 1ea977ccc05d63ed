package lint

import (
	"fmt"
	"testing"
)

func TestLockCache(t *testing.T) {
	lock := func(v string) []byte {
		return fmt.Appendf(nil, "version = 1\nrevision = 2\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"app\"\nversion = %q\nsource = { editable = \".\" }\n", v)
	}
	var c LockCache
	first, err := c.Parse("uv.lock", lock("1.0"))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.Parse("uv.lock", lock("1.0")); again != first {
		t.Error("the same bytes were parsed again")
	}
	changed, _ := c.Parse("uv.lock", lock("2.0"))
	if changed == first || changed.Packages[0].Version != "2.0" {
		t.Errorf("changed bytes gave the old lock (version %q)", changed.Packages[0].Version)
	}
	if other, _ := c.Parse("other/uv.lock", lock("2.0")); other == changed {
		t.Error("another path shared the entry")
	}
	// An invalid lock's error is kept with its bytes, and names the file.
	if _, err := c.Parse("uv.lock", []byte("version = \n")); err == nil {
		t.Error("invalid lock parsed")
	}
	// The oldest entry leaves once the cache is full.
	for i := range lockCacheSize {
		if _, err := c.Parse(fmt.Sprintf("p%d/uv.lock", i), lock("1.0")); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.entries) != lockCacheSize {
		t.Errorf("%d entries, want %d", len(c.entries), lockCacheSize)
	}
	for _, e := range c.entries {
		if e.path == "uv.lock" {
			t.Error("the least recently used entry is still cached")
		}
	}
}
