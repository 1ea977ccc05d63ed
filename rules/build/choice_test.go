package build

import (
	"cmp"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
	"github.com/ballast-dev/ballast/parsers/wheel"
	"github.com/ballast-dev/ballast/rules/lint"
)

// TestArtifactChoicesMatch checks that the unit's memo of artifact choices
// gives, step after step and target after target, what choosing afresh
// gives, on every lock of the corpus.
func TestArtifactChoicesMatch(t *testing.T) {
	envs := []Env{
		{Python: Value{V: "3.12"}, Implementation: Value{V: "cpython"}, OS: Value{V: "linux"}, Arch: Value{V: "amd64"}, Libc: Value{V: "glibc"}, LibcVersion: Value{V: "2.36"}},
		{Python: Value{V: "3.11"}, Implementation: Value{V: "cpython"}, OS: Value{V: "linux"}, Arch: Value{V: "arm64"}, Libc: Value{V: "musl"}, LibcVersion: Value{V: "1.2"}},
	}
	for _, file := range uvlocktest.Locks(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		lock, err := uvlock.Parse(filepath.Base(file), src)
		if err != nil {
			t.Fatal(err)
		}
		installs := make([]uvlock.Install, len(lock.Packages))
		for i, p := range lock.Packages {
			installs[i] = uvlock.Install{Package: p}
		}
		var choices artifactChoices
		for range 2 {
			for _, env := range envs {
				// A later step installs a part of what an earlier one did.
				for _, part := range [][]uvlock.Install{installs[len(installs)/2:], installs} {
					want := chooseArtifacts(part, wheel.NewTags(interpreter(env), platform(env)))
					if got := choices.choose(part, env); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s, python %s on %s: memoized choice differs", filepath.Base(file), env.Python.V, env.Arch.V)
					}
				}
			}
		}
	}
}

// TestHeaviestFirst holds the key sort to a stable sort of the items.
func TestHeaviestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		items := make([]Item, n)
		for i := range items {
			items[i] = Item{Name: strconv.Itoa(i), Download: lint.Exact(rng.Int64N(5) << 40)}
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b Item) int { return cmp.Compare(b.Download.Value, a.Download.Value) })
		if got := heaviestFirst(items); !reflect.DeepEqual(got, want) {
			t.Fatalf("%d items: order differs from a stable sort", n)
		}
	}
}

// chooseArtifacts is choose without what it remembers: each package chosen
// by Tags.Best and classified from its wheel's name, the yardstick of
// choose's memos.
func chooseArtifacts(installs []uvlock.Install, tags *wheel.Tags) []Item {
	items := make([]Item, 0, len(installs))
	var names []string
	for _, in := range installs {
		var it Item
		it, names = chooseArtifact(in.Package, tags, nil, names)
		items = append(items, it)
	}
	return items
}
