package uvlock

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/uvlock/uvlocktest"
)

// TestURLBase holds urlBase to path.Base on hand-made paths around the
// eight-byte steps and on every URL of the real locks.
func TestURLBase(t *testing.T) {
	cases := []string{"", "/", "//", "a", "a/", "/a", "a//", "//a//b//",
		"https://files.pythonhosted.org/packages/ab/cd/torch-2.5.1-cp312-cp312-manylinux1_x86_64.whl",
		"no-slash-at-all-in-this-long-name.whl", "x/./.", "./", "/./", "a/\x2f/\xff/\x80"}
	for n := 1; n <= 20; n++ {
		for k := range n {
			b := []byte(strings.Repeat("a", n))
			b[k] = '/'
			cases = append(cases, string(b), string(b[:k]), "/"+string(b[:k])+"/")
		}
	}
	files, err := filepath.Glob(filepath.Join(uvlocktest.Dir(t), "*.uv.lock"))
	if err != nil {
		t.Fatal(err)
	}
	quoted := regexp.MustCompile(`url = "([^"]*)"`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range quoted.FindAllSubmatch(src, -1) {
			cases = append(cases, string(m[1]))
		}
	}
	for _, u := range cases {
		if got, want := urlBase(u), path.Base(u); got != want {
			t.Errorf("urlBase(%q) = %q, path.Base %q", u, got, want)
		}
	}
}

func FuzzURLBase(f *testing.F) {
	for _, s := range []string{"", "/", "a/b", "https://h/p/x.whl", "a//b//", "01234567/01234567/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if got, want := urlBase(u), path.Base(u); got != want {
			t.Errorf("urlBase(%q) = %q, path.Base %q", u, got, want)
		}
	})
}
