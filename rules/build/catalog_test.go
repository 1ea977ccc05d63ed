package build

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/rules/lint"
)

func TestCatalogTorch(t *testing.T) {
	e, ok := Catalog("torch")
	if !ok {
		t.Fatal("torch not in the catalog")
	}
	want := CatalogEntry{
		Name: "torch", Version: "2.9.1", Date: "2026-08",
		Download: lint.Range{Value: 899_742_281, Low: 532_261_322, High: 915_711_952},
		Family:   FamilyTorch, Kind: KindWheel, Requires: torchCUDA128,
		Source: "karpathy/nanochat uv.lock",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Catalog(torch) = %+v, want %+v", e, want)
	}
	items, unknown := CatalogItems([]string{"torch"})
	if len(unknown) != 0 || len(items) != 17 {
		t.Fatalf("CatalogItems(torch) = %d items, unknown %q; want 17, none", len(items), unknown)
	}
	var total, cuda lint.Range
	for _, it := range items {
		if it.SizeKnown || !strings.HasPrefix(it.SizeSource, "catalog: ") {
			t.Errorf("%s: SizeKnown %v, SizeSource %q", it.Name, it.SizeKnown, it.SizeSource)
		}
		total = total.Add(it.Download)
		if it.Family == FamilyCUDA {
			cuda = cuda.Add(it.Download)
		}
	}
	// notes §1e: nvidia-* for torch 2.9.1 2,987.6 MB (sum of rounded rows:
	// 2,987.44 MB), stack 4,058 MB.
	if cuda.Value != 2_987_440_000 {
		t.Errorf("nvidia-* total = %d, want 2,987,440,000", cuda.Value)
	}
	if total.Value != 899_742_281+2_987_440_000+170_500_000 {
		t.Errorf("torch stack total = %d, want 4,057,682,281", total.Value)
	}
	if got := items[0].SizeSource; got != "catalog: torch 2.9.1 for Linux x86_64, figures of 2026-08, karpathy/nanochat uv.lock" {
		t.Errorf("torch SizeSource = %q", got)
	}
}

func TestCatalogTransformers(t *testing.T) {
	e, ok := Catalog("Transformers")
	if !ok {
		t.Fatal("transformers not in the catalog")
	}
	want := CatalogEntry{
		Name: "transformers", Version: "5.4.0", Date: "2026-08",
		Download: lint.Range{Value: 10_100_000, Low: 10_100_000, High: 12_000_000},
		Family:   FamilyPure, Kind: KindWheel, Requires: []string{"numpy", "tokenizers", "safetensors"},
		Source: "PyPI",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Catalog(transformers) = %+v, want %+v", e, want)
	}

	items, unknown := CatalogItems([]string{"transformers", "torch", "left-pad", "flash_attn", "left_pad"})
	var names []string
	for _, it := range items {
		names = append(names, it.Name)
	}
	wantNames := append([]string{"transformers", "numpy", "tokenizers", "safetensors", "torch"}, torchCUDA128...)
	wantNames = append(wantNames, "flash-attn")
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("CatalogItems names = %q, want %q", names, wantNames)
	}
	if !reflect.DeepEqual(unknown, []string{"left-pad"}) {
		t.Errorf("unknown = %q, want [left-pad]", unknown)
	}
	if last := items[len(items)-1]; last.Kind != KindSdist || last.Download.Value != 8_400_000 {
		t.Errorf("flash-attn item = %+v, want an 8.4 MB sdist", last)
	}
}

// Every entry's band holds its value and every requirement is in the
// catalog.
func TestCatalogConsistent(t *testing.T) {
	for name := range catalogEntries() {
		e, _ := Catalog(name)
		if e.Name != name {
			t.Errorf("entry %q is named %q", name, e.Name)
		}
		if e.Download.Low > e.Download.Value || e.Download.Value > e.Download.High || e.Download.Value <= 0 {
			t.Errorf("%s: band %+v does not hold its value", name, e.Download)
		}
		for _, r := range e.Requires {
			if _, ok := Catalog(r); !ok {
				t.Errorf("%s requires %s, not in the catalog", name, r)
			}
		}
	}
	if _, ok := Catalog("left-pad"); ok {
		t.Error("Catalog(left-pad) found an entry")
	}
}
