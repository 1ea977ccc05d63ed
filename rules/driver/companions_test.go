package driver_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/ballast-dev/ballast/rules/driver"
)

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	copyLock := "FROM python:3.12\nCOPY uv.lock pyproject.toml ./\nRUN uv sync --locked\n"
	write(t, dir, map[string]string{
		"app/Dockerfile": copyLock, "app/Dockerfile.gpu": copyLock, "app/uv.lock": "", "app/pyproject.toml": "",
		"app/docs/Dockerfile": "FROM nginx\n",
		"lib/uv.lock":         "", "lib/pyproject.toml": "",
		"corpus/x.uv.lock": "", "corpus/x.Dockerfile": copyLock,
		"other/Dockerfile": "FROM python:3.12\nCOPY sub/uv.lock ./\n", "other/sub/uv.lock": "", "other/uv.lock": "",
	})
	t.Chdir(dir)
	show := func(ins []driver.Input) []string {
		var out []string
		for _, in := range ins {
			out = append(out, fmt.Sprintf("%s lock=%v stdin=%v", in.Path, in.Lock, in.Src != nil))
		}
		return out
	}
	lock := func(p string) driver.Input { return driver.Input{Path: p, Lock: true} }
	df := func(p string) driver.Input { return driver.Input{Path: p} }
	for _, tt := range []struct {
		name string
		in   []driver.Input
		want []driver.Input
	}{
		{"a lock its named Dockerfile reads is dropped", []driver.Input{df("app/Dockerfile"), lock("app/uv.lock")}, []driver.Input{df("app/Dockerfile")}},
		{"the same file twice is one", []driver.Input{df("app/Dockerfile"), df("./app/Dockerfile"), lock("lib/uv.lock"), lock("lib/./uv.lock")}, []driver.Input{df("app/Dockerfile"), lock("lib/uv.lock")}},
		{"a lock alone brings the Dockerfiles beside it that read it", []driver.Input{lock("app/uv.lock")}, []driver.Input{df("app/Dockerfile"), df("app/Dockerfile.gpu")}},
		{"not those already named", []driver.Input{df("app/Dockerfile.gpu"), df("app/docs/Dockerfile"), lock("app/uv.lock")}, []driver.Input{df("app/Dockerfile.gpu"), df("app/docs/Dockerfile")}},
		{"a lock no Dockerfile reads stays alone", []driver.Input{lock("lib/uv.lock")}, []driver.Input{lock("lib/uv.lock")}},
		{"NAME.uv.lock pairs with no Dockerfile", []driver.Input{lock("corpus/x.uv.lock")}, []driver.Input{lock("corpus/x.uv.lock")}},
		{"a Dockerfile that reads another lock is not brought", []driver.Input{lock("other/uv.lock")}, []driver.Input{lock("other/uv.lock")}},
		{"only its own folder is searched: not a parent's Dockerfile that copies it", []driver.Input{lock("other/sub/uv.lock")}, []driver.Input{lock("other/sub/uv.lock")}},
		{"standard input is never a duplicate", []driver.Input{{Path: "Dockerfile", Src: []byte("FROM a\n")}, {Path: "Dockerfile", Src: []byte("FROM b\n")}}, []driver.Input{{Path: "Dockerfile", Src: []byte("FROM a\n")}, {Path: "Dockerfile", Src: []byte("FROM b\n")}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := show(driver.Resolve(tt.in)), show(tt.want); !slices.Equal(got, want) {
				t.Errorf("Resolve = %q, want %q", got, want)
			}
		})
	}
}

func TestLockBeside(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a/uv.lock": "", "a/pyproject.toml": "", "b/pyproject.toml": "", "c/x.uv.lock": "", "c/x.pyproject.toml": ""})
	t.Chdir(dir)
	for p, want := range map[string]string{"a/pyproject.toml": "a/uv.lock", "b/pyproject.toml": "", "c/x.pyproject.toml": "c/x.uv.lock"} {
		if got := driver.LockBeside(p); got != want {
			t.Errorf("LockBeside(%s) = %q, want %q", p, got, want)
		}
	}
}
