package build

import (
	"go/token"
	"reflect"
	"strings"
	"testing"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
)

func parse(tb testing.TB, src string) *dockerfile.File {
	tb.Helper()
	f, err := dockerfile.ParseFile(token.NewFileSet(), "Dockerfile", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// sourced renders the known fields of e with their sources.
func sourced(e Env) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    Value
	}{
		{"python", e.Python}, {"impl", e.Implementation}, {"os", e.OS}, {"arch", e.Arch}, {"variant", e.Variant},
		{"libc", e.Libc}, {"libcver", e.LibcVersion}, {"cuda", e.CUDA},
	} {
		if f.v.Known() {
			parts = append(parts, f.name+"="+f.v.V+" <"+f.v.Source+">")
		}
	}
	return strings.Join(parts, "; ")
}

func TestStages(t *testing.T) {
	src := `ARG PY=3.11
ARG BASE=python:${PY}-slim-bookworm
ARG ARCH=arm64
FROM ${BASE} AS builder
FROM builder AS test
FROM --platform=linux/${ARCH} python:3.12-alpine AS arm
FROM --platform=$BUILDPLATFORM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS cuda
FROM --platform=linux/arm/v7 ubuntu:24.04
FROM --platform=$TARGETPLATFORM arm AS again
FROM scratch
`
	f := parse(t, src)
	res := infer(f, &lint.Config{})
	want := []string{
		"python=3.11 <FROM python:3.11-slim-bookworm>; impl=cpython <FROM python:3.11-slim-bookworm>; os=linux <FROM python:3.11-slim-bookworm>; libc=glibc <FROM python:3.11-slim-bookworm>; libcver=2.36 <FROM python:3.11-slim-bookworm>",
		"python=3.11 <FROM python:3.11-slim-bookworm>; impl=cpython <FROM python:3.11-slim-bookworm>; os=linux <FROM python:3.11-slim-bookworm>; libc=glibc <FROM python:3.11-slim-bookworm>; libcver=2.36 <FROM python:3.11-slim-bookworm>",
		"python=3.12 <FROM python:3.12-alpine>; impl=cpython <FROM python:3.12-alpine>; os=linux <FROM --platform=linux/arm64>; arch=arm64 <FROM --platform=linux/arm64>; variant= <FROM --platform=linux/arm64>; libc=musl <FROM python:3.12-alpine>; libcver=1.2 <FROM python:3.12-alpine>",
		"os=linux <FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04>; libc=glibc <FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04>; libcver=2.35 <FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04>; cuda=12.4.1 <FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04>",
		"os=linux <FROM --platform=linux/arm/v7>; arch=arm <FROM --platform=linux/arm/v7>; variant=v7 <FROM --platform=linux/arm/v7>; libc=glibc <FROM ubuntu:24.04>; libcver=2.39 <FROM ubuntu:24.04>",
		"python=3.12 <FROM python:3.12-alpine>; impl=cpython <FROM python:3.12-alpine>; os=linux <FROM --platform=linux/arm64>; arch=arm64 <FROM --platform=linux/arm64>; variant= <FROM --platform=linux/arm64>; libc=musl <FROM python:3.12-alpine>; libcver=1.2 <FROM python:3.12-alpine>",
		"",
	}
	if len(res.Envs()) != len(want) || len(res.Stages()) != len(want) {
		t.Fatalf("got %d envs, %d stages; want %d", len(res.Envs()), len(res.Stages()), len(want))
	}
	for i, w := range want {
		if got := sourced(res.Envs()[i]); got != w {
			t.Errorf("stage %d:\n got %s\nwant %s", i, got, w)
		}
	}
	stages := []Stage{
		{Base{"python:3.11-slim-bookworm", "3.11", "glibc 2.36", "FROM python:3.11-slim-bookworm"}, true},
		{Base{"python:3.11-slim-bookworm", "3.11", "glibc 2.36", "FROM python:3.11-slim-bookworm"}, true},
		{Base{"python:3.12-alpine", "3.12", "musl", "FROM python:3.12-alpine"}, true},
		{Base{"nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", "", "glibc 2.35", "FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04"}, true},
		{Base{"ubuntu:24.04", "", "glibc 2.39", "FROM ubuntu:24.04"}, true},
		{Base{"python:3.12-alpine", "3.12", "musl", "FROM python:3.12-alpine"}, true},
		{Base{"scratch", "", "", "FROM scratch"}, false},
	}
	if !reflect.DeepEqual(res.Stages(), stages) {
		t.Errorf("Stages = %+v\nwant %+v", res.Stages(), stages)
	}
}

func TestPlatformArgs(t *testing.T) {
	tests := []struct {
		src, platform, want string
	}{
		{"FROM --platform=$BUILDPLATFORM debian:12\n", "", ""},
		{"FROM --platform=linux/$TARGETARCH debian:12\n", "", ""},
		{"FROM --platform=linux/amd64 debian:12\n", "", "linux/amd64 <FROM --platform=linux/amd64>"},
		{"ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM debian:12\n", "", "linux/arm64 <FROM --platform=linux/arm64>"},
		{"ARG TARGETPLATFORM=linux/arm64\nFROM debian:12\n", "", ""},
		{"FROM --platform=$BUILDPLATFORM debian:12\n", "linux/arm64", "linux/arm64 <config>"},
		{"FROM --platform=linux/amd64 debian:12\n", "linux/aarch64", "linux/arm64 <config>"},
		{"FROM --platform=linux/amd64/v3 debian:12\n", "", "linux/amd64/v3 <FROM --platform=linux/amd64/v3>"},
		{"FROM --platform=${UNSET} debian:12\n", "", ""},
		{"FROM --platform=plan9/amd64 debian:12\n", "", ""},
	}
	for _, tt := range tests {
		res := infer(parse(t, tt.src), &lint.Config{Platform: tt.platform})
		e := res.Envs()[len(res.Envs())-1]
		got := ""
		if e.Arch.Known() {
			got = dockerfile.Platform{OS: e.OS.V, Arch: e.Arch.V, Variant: e.Variant.V}.String() + " <" + e.Arch.Source + ">"
		}
		if got != tt.want {
			t.Errorf("%q with platform %q: got %q, want %q", tt.src, tt.platform, got, tt.want)
		}
	}
}

// findCommand returns the instruction starting on line and its command of
// kind k (nil when k is 0).
func findCommand(t *testing.T, f *dockerfile.File, line int, k dockerfile.Kind) (*dockerfile.Instruction, *dockerfile.Command) {
	t.Helper()
	for _, in := range f.Instructions {
		if in.StartLine != line {
			continue
		}
		if k == 0 {
			return in, nil
		}
		cmds := in.Commands()
		for i := range cmds {
			if cmds[i].Kind == k {
				return in, &cmds[i]
			}
		}
	}
	t.Fatalf("no %v on line %d", k, line)
	return nil, nil
}

func TestAt(t *testing.T) {
	src := `FROM python:3.11-slim AS base
RUN uv sync --locked
RUN uv python install 3.12
RUN uv sync --locked
RUN uv venv -p 3.10 && uv pip install -r requirements.txt
ENV UV_PYTHON=3.13
RUN uv sync
RUN UV_PYTHON=cpython@3.12.4 uv sync
RUN uv sync --python pypy@3.10 && uv pip install -p 3.9 x
FROM base AS child
RUN uv sync
ENV UV_PYTHON=/usr/bin/python3
RUN uv sync
RUN pip install --python 3.8 x
FROM ubuntu:24.04
RUN uv python install 3.12 3.13
RUN uv sync
FROM ubuntu:24.04 AS u2
RUN uv python install --install-dir /opt/py 3.13t && uv sync
FROM ubuntu:24.04 AS argdefault
ARG PYTHON_VERSION=3.11
RUN uv python install "${PYTHON_VERSION}"
RUN uv sync
RUN uv venv --python "$PYTHON_VERSION" && uv run python -V
FROM ubuntu:24.04 AS argunset
ARG PYTHON_VERSION
RUN uv python install "${PYTHON_VERSION}"
RUN uv sync
ENV PY=3.10
ENV UV_PYTHON="${PY}"
RUN uv sync
`
	f := parse(t, src)
	tests := []struct {
		line   int
		kind   dockerfile.Kind
		config string
		want   string
	}{
		{2, dockerfile.UVSync, "", "3.11 cpython <FROM python:3.11-slim>"},
		{4, dockerfile.UVSync, "", "3.12 cpython <uv python install 3.12 (Dockerfile:3)>"},
		{5, dockerfile.UVVenv, "", "3.10 cpython <-p 3.10 (Dockerfile:5)>"},
		{5, dockerfile.UVPipInstall, "", "3.10 cpython <uv venv -p 3.10 (Dockerfile:5)>"},
		{6, 0, "", "3.10 cpython <uv venv -p 3.10 (Dockerfile:5)>"},
		{7, dockerfile.UVSync, "", "3.13 cpython <ENV UV_PYTHON=3.13 (Dockerfile:6)>"},
		{8, dockerfile.UVSync, "", "3.12.4 cpython <UV_PYTHON=cpython@3.12.4 (Dockerfile:8)>"},
		{9, dockerfile.UVSync, "", "3.10 pypy <--python pypy@3.10 (Dockerfile:9)>"},
		{9, dockerfile.UVPipInstall, "", "3.9 cpython <-p 3.9 (Dockerfile:9)>"},
		{9, dockerfile.UVPipInstall, "3.14", "3.14 cpython <config>"},
		{11, dockerfile.UVSync, "", "3.13 cpython <ENV UV_PYTHON=3.13 (Dockerfile:6)>"},
		{13, dockerfile.UVSync, "", "3.11 cpython <FROM python:3.11-slim>"},
		{14, dockerfile.PipInstall, "", "3.11 cpython <FROM python:3.11-slim>"},
		{14, dockerfile.PipInstall, "3.12", "3.12 cpython <config>"},
		{17, dockerfile.UVSync, "", "  <>"},
		{17, dockerfile.UVSync, "pypy3.10", "3.10 pypy <config>"},
		{19, dockerfile.UVSync, "", "3.13t  <uv python install 3.13t (Dockerfile:19)>"},
		// A version an ARG default gives; an ARG without one gives none.
		{23, dockerfile.UVSync, "", "3.11  <uv python install 3.11 (Dockerfile:22)>"},
		{24, dockerfile.UVRun, "", "3.11  <uv venv --python 3.11 (Dockerfile:24)>"},
		{28, dockerfile.UVSync, "", "  <>"},
		{31, dockerfile.UVSync, "", "3.10  <ENV UV_PYTHON=3.10 (Dockerfile:30)>"},
	}
	for _, tt := range tests {
		res := infer(f, &lint.Config{Python: tt.config})
		in, cmd := findCommand(t, f, tt.line, tt.kind)
		e := res.At(in, cmd)
		got := e.Python.V + " " + e.Implementation.V + " <" + e.Python.Source + ">"
		if got != tt.want {
			t.Errorf("line %d %v config %q: got %q, want %q", tt.line, tt.kind, tt.config, got, tt.want)
		}
	}
}

func TestWithDefaults(t *testing.T) {
	tests := []struct {
		env            Env
		requires, want string
		defaulted      []string
	}{
		{Env{}, ">=3.10", "python=3.10 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{Env{}, "", "python=3.12 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{Env{}, ">=3.12.4, <3.14", "python=3.12 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{Env{}, ">=3.16", "python=3.16 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{Env{}, "==2.7", "python=3.12 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{Env{}, "not a specifier", "python=3.12 <default>; impl=cpython <default>; os=linux <default>; arch=amd64 <default>; libc=glibc <default>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "OS", "Arch", "Libc", "LibcVersion"}},
		{mustLookup(t, "python:3.12-alpine"), ">=3.10",
			"python=3.12 <FROM python:3.12-alpine>; impl=cpython <FROM python:3.12-alpine>; os=linux <FROM python:3.12-alpine>; arch=amd64 <default>; libc=musl <FROM python:3.12-alpine>; libcver=1.2 <FROM python:3.12-alpine>",
			[]string{"Arch"}},
		{mustLookup(t, "ubuntu:latest"), ">=3.11",
			"python=3.11 <default>; impl=cpython <default>; os=linux <FROM ubuntu:latest>; arch=amd64 <default>; libc=glibc <FROM ubuntu:latest>; libcver=2.36 <default>",
			[]string{"Python", "Implementation", "Arch", "LibcVersion"}},
		{mustLookup(t, "python:3.12-nanoserver"), "",
			"python=3.12 <FROM python:3.12-nanoserver>; impl=cpython <FROM python:3.12-nanoserver>; os=windows <FROM python:3.12-nanoserver>; arch=amd64 <FROM python:3.12-nanoserver>; libc= <FROM python:3.12-nanoserver>; libcver= <FROM python:3.12-nanoserver>",
			nil},
	}
	for _, tt := range tests {
		got := tt.env.WithDefaults(tt.requires)
		if s := sourced(got); s != tt.want || !reflect.DeepEqual(got.Defaulted, tt.defaulted) {
			t.Errorf("WithDefaults(%q) of %s:\n got %s %q\nwant %s %q", tt.requires, tt.env, s, got.Defaulted, tt.want, tt.defaulted)
		}
	}
}

func mustLookup(t *testing.T, ref string) Env {
	t.Helper()
	e, ok := LookupEnv(ref)
	if !ok {
		t.Fatalf("%s unknown", ref)
	}
	return e
}

func TestParsePlatform(t *testing.T) {
	tests := []struct{ in, want string }{
		{"linux/amd64", "linux/amd64"},
		{"linux/arm64", "linux/arm64"},
		{"linux/arm64/v8", "linux/arm64"},
		{"linux/aarch64", "linux/arm64"},
		{"Linux/X86_64", "linux/amd64"},
		{"linux/arm/v6", "linux/arm/v6"},
		{"linux/arm", "linux/arm/v7"},
		{"arm64", "linux/arm64"},
		{"windows", "windows/amd64"},
		{"windows/amd64", "windows/amd64"},
		{"", "error"},
		{"linux/", "error"},
		{"linux/arm64/", "error"},
		{"plan9/amd64", "error"},
		{"linux/amd64/v2/x", "error"},
	}
	for _, tt := range tests {
		p, err := ParsePlatform(tt.in)
		got := p.String()
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("ParsePlatform(%q) = %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParsePythonRequest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"3.12", "3.12"},
		{"3.12.7", "3.12.7"},
		{`"3.12"`, "3.12"},
		{"cpython@3.12", "cpython 3.12"},
		{"cpython3.12", "cpython 3.12"},
		{"cpython-3.12.4", "cpython 3.12.4"},
		{"cp312", "cpython 3.12"},
		{"pypy@3.10", "pypy 3.10"},
		{"pp310", "pypy 3.10"},
		{"graalpy3.11", "graalpy 3.11"},
		{"python3.12", "3.12"},
		{"3.13t", "3.13t"},
		{"python312", ""},
		{"312", ""},
		{"3", ""},
		{">=3.12", ""},
		{"/usr/bin/python3", ""},
		{"python3", ""},
		{"$PY", ""},
		{"", ""},
	}
	for _, tt := range tests {
		r, ok := ParsePythonRequest(tt.in)
		got := strings.TrimSpace(r.Implementation + " " + r.Version)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("ParsePythonRequest(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// FuzzParsePythonRequest checks that a request read has a version MinorOf
// reads.
func FuzzParsePythonRequest(f *testing.F) {
	for _, s := range []string{"3.12", "cpython@3.12.7", "cp312", "pypy3.10t", ">=3.12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := ParsePythonRequest(s); ok {
			if _, _, ok := MinorOf(r.Version); !ok {
				t.Fatalf("%q: version %q", s, r.Version)
			}
		}
	})
}

// FuzzParsePlatform checks that a platform read prints back to itself.
func FuzzParsePlatform(f *testing.F) {
	for _, s := range []string{"linux/amd64", "linux/arm/v7", "arm64", "windows"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePlatform(s)
		if err != nil {
			return
		}
		q, err := ParsePlatform(p.String())
		if err != nil || q != p {
			t.Fatalf("%q → %v → %v, %v", s, p, q, err)
		}
	})
}

func BenchmarkAt(b *testing.B) {
	f := parse(b, "FROM python:3.12-slim\nENV UV_PYTHON=3.12\nRUN uv venv\nCOPY . .\nRUN uv sync --locked\n")
	res := infer(f, &lint.Config{})
	in := f.Instructions[len(f.Instructions)-1]
	cmd := &in.Commands()[0]
	for b.Loop() {
		res.At(in, cmd)
	}
}
