package build

import (
	"strings"
	"testing"
)

// describe renders the known fields of e in a fixed order, "name=value"
// joined by ";", so that a test states exactly what is known and what not.
func describe(e Env) string {
	var parts []string
	for _, f := range []struct {
		name string
		v    Value
	}{
		{"python", e.Python}, {"impl", e.Implementation}, {"os", e.OS}, {"arch", e.Arch}, {"variant", e.Variant},
		{"libc", e.Libc}, {"libcver", e.LibcVersion}, {"distro", e.Distro},
		{"cuda", e.CUDA}, {"cudnn", e.CuDNN}, {"torch", e.Torch},
	} {
		if f.v.Known() {
			parts = append(parts, f.name+"="+f.v.V)
		}
	}
	return strings.Join(parts, ";")
}

const (
	trixie   = "os=linux;libc=glibc;libcver=2.41;distro=debian 13 (trixie)"
	bookworm = "os=linux;libc=glibc;libcver=2.36;distro=debian 12 (bookworm)"
	bullseye = "os=linux;libc=glibc;libcver=2.31;distro=debian 11 (bullseye)"
	buster   = "os=linux;libc=glibc;libcver=2.28;distro=debian 10 (buster)"
	jammy    = "os=linux;libc=glibc;libcver=2.35;distro=ubuntu 22.04 (jammy)"
	noble    = "os=linux;libc=glibc;libcver=2.39;distro=ubuntu 24.04 (noble)"
	focal    = "os=linux;libc=glibc;libcver=2.31;distro=ubuntu 20.04 (focal)"
	alpine   = "os=linux;libc=musl;libcver=1.2;distro=alpine"
	cpy      = "impl=cpython;"
)

func TestLookupEnv(t *testing.T) {
	tests := []struct {
		ref, want string // want "" means unknown
	}{
		// Official python image, every tag shape.
		{"python:3.12", "python=3.12;" + cpy + trixie},
		{"python:3.12.7", "python=3.12.7;" + cpy + trixie},
		{"python:3.11-slim", "python=3.11;" + cpy + trixie},
		{"python:3.12-slim-bookworm", "python=3.12;" + cpy + bookworm},
		{"python:3.12-bookworm", "python=3.12;" + cpy + bookworm},
		{"python:3.13-trixie", "python=3.13;" + cpy + trixie},
		{"python:3.10-bullseye", "python=3.10;" + cpy + bullseye},
		{"python:3.11.9-slim-bullseye", "python=3.11.9;" + cpy + bullseye},
		{"python:3.13t", "python=3.13t;" + cpy + trixie},
		{"python:3.14.0rc2-slim", "python=3.14.0;" + cpy + trixie},
		{"python:3.15-rc-alpine", "python=3.15;" + cpy + alpine},
		{"python:3.12-alpine", "python=3.12;" + cpy + alpine},
		{"python:3.12-alpine3.20", "python=3.12;" + cpy + alpine + " 3.20"},
		{"python:3.8-slim", "python=3.8;" + cpy + bookworm},
		{"python:3.6", "python=3.6;" + cpy + bullseye},
		{"python:3.9-slim-stretch", "python=3.9;" + cpy + "os=linux;libc=glibc;libcver=2.24;distro=debian 9 (stretch)"},
		{"python:2.7", "python=2.7;" + cpy + buster},
		{"python:3.12-windowsservercore-ltsc2022", "python=3.12;" + cpy + "os=windows;arch=amd64;libc=;libcver=;distro=windows servercore ltsc2022"},
		{"python:3.12-nanoserver", "python=3.12;" + cpy + "os=windows;arch=amd64;libc=;libcver=;distro=windows nanoserver"},
		{"python:latest", cpy + trixie},
		{"python", cpy + trixie},
		{"python:3", cpy + trixie},
		{"python:3-slim-bookworm", cpy + bookworm},
		{"python:slim", cpy + trixie},
		{"python:alpine3.21", cpy + alpine + " 3.21"},
		{"python:3.12@sha256:0123", "python=3.12;" + cpy + trixie},
		{"python@sha256:0123", ""},
		{"python:3.12-foo", ""},
		{"python:3.12-slim-bookworm-trixie", ""},
		// Mirrors and registry spelling.
		{"docker.io/library/python:3.10-slim", "python=3.10;" + cpy + trixie},
		{"public.ecr.aws/docker/library/python:3.12-slim-bookworm", "python=3.12;" + cpy + bookworm},
		{"mirror.gcr.io/library/python:3.11-alpine", "python=3.11;" + cpy + alpine},
		{"Docker.IO/Library/Python:3.12", "python=3.12;" + cpy + trixie},
		{"index.docker.io/python:3.12", "python=3.12;" + cpy + trixie},
		{"public.ecr.aws/someone/python:3.12", ""},
		{"myregistry:5000/python:3.12", ""},
		// uv images.
		{"ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "python=3.12;" + cpy + bookworm},
		{"ghcr.io/astral-sh/uv:0.5.11-python3.12-alpine", "python=3.12;" + cpy + alpine},
		{"ghcr.io/astral-sh/uv:python3.13-trixie", "python=3.13;" + cpy + trixie},
		{"ghcr.io/astral-sh/uv:debian", "os=linux;libc=glibc;distro=debian"},
		{"ghcr.io/astral-sh/uv:0.5-debian-slim", "os=linux;libc=glibc;distro=debian"},
		{"ghcr.io/astral-sh/uv:bookworm", bookworm},
		{"ghcr.io/astral-sh/uv:trixie-slim", trixie},
		{"ghcr.io/astral-sh/uv:alpine3.20", alpine + " 3.20"},
		{"ghcr.io/astral-sh/uv:0.5.11", "os=linux;libc=;libcver=;distro=scratch"},
		{"ghcr.io/astral-sh/uv:latest", "os=linux;libc=;libcver=;distro=scratch"},
		{"ghcr.io/astral-sh/uv:python3.12", ""},
		// Distributions without Python.
		{"debian:bookworm", bookworm},
		{"debian:12", bookworm},
		{"debian:12.8-slim", bookworm},
		{"debian:bookworm-20241202-slim", bookworm},
		{"debian:trixie", trixie},
		{"debian:13", trixie},
		{"debian:bullseye", bullseye},
		{"debian:latest", trixie},
		{"debian:stable-slim", trixie},
		{"debian:sid", "os=linux;libc=glibc;distro=debian sid"},
		{"debian:jammy", ""},
		{"ubuntu:22.04", jammy},
		{"ubuntu:jammy", jammy},
		{"ubuntu:jammy-20240808", jammy},
		{"ubuntu:24.04", noble},
		{"ubuntu:noble", noble},
		{"ubuntu:20.04", focal},
		{"ubuntu:latest", "os=linux;libc=glibc;distro=ubuntu"},
		{"ubuntu:bookworm", ""},
		{"alpine:3.20", alpine + " 3.20"},
		{"alpine:3.20.3", alpine + " 3.20"},
		{"alpine", alpine},
		{"busybox", "os=linux;distro=busybox"},
		{"busybox:1.36.1-musl", "os=linux;libc=musl;distro=busybox"},
		{"busybox:glibc", "os=linux;libc=glibc;distro=busybox"},
		{"busybox:1.36-debian", ""},
		// CUDA.
		{"nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", jammy + ";cuda=12.4.1;cudnn=9"},
		{"nvidia/cuda:12.4.1-base-ubuntu22.04", jammy + ";cuda=12.4.1"},
		{"nvidia/cuda:12.6.3-devel-ubuntu24.04", noble + ";cuda=12.6.3"},
		{"nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu20.04", focal + ";cuda=11.8.0;cudnn=8"},
		{"nvidia/cuda:12.2.2-runtime-ubi9", "os=linux;libc=glibc;libcver=2.34;distro=ubi 9;cuda=12.2.2"},
		{"nvidia/cuda:12.1.0-devel-rockylinux8", "os=linux;libc=glibc;libcver=2.28;distro=rocky linux 8;cuda=12.1.0"},
		{"nvcr.io/nvidia/cuda:12.4.1-runtime-ubuntu22.04", jammy + ";cuda=12.4.1"},
		{"nvidia/cuda:12.4.1-runtime-ubuntu99.04", ""},
		{"nvidia/cuda:latest", ""},
		// PyTorch.
		{"pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime", "python=3.11;" + cpy + jammy + ";cuda=12.4;cudnn=9;torch=2.5.1"},
		{"pytorch/pytorch:2.2.0-cuda12.1-cudnn8-devel", "python=3.10;" + cpy + jammy + ";cuda=12.1;cudnn=8;torch=2.2.0"},
		{"pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime", cpy + jammy + ";cuda=12.1;cudnn=8;torch=2.3.1"},
		{"pytorch/pytorch:2.1.0-cuda11.8-cudnn8-runtime", "python=3.10;" + cpy + "os=linux;libc=glibc;cuda=11.8;cudnn=8;torch=2.1.0"},
		{"pytorch/pytorch:latest", ""},
		// Distroless and UBI.
		{"gcr.io/distroless/python3-debian12", "python=3.11;" + cpy + bookworm},
		{"gcr.io/distroless/python3-debian12:nonroot", "python=3.11;" + cpy + bookworm},
		{"gcr.io/distroless/python3-debian13:debug", "python=3.13;" + cpy + trixie},
		{"gcr.io/distroless/python3-debian11", "python=3.9;" + cpy + bullseye},
		{"gcr.io/distroless/base-debian12", bookworm},
		{"gcr.io/distroless/static-debian12", "os=linux;libc=;libcver=;distro=debian 12 (bookworm)"},
		{"gcr.io/distroless/python3", ""},
		{"registry.access.redhat.com/ubi9/python-311", "python=3.11;" + cpy + "os=linux;libc=glibc;libcver=2.34;distro=ubi 9"},
		{"registry.access.redhat.com/ubi8/python-39:1-77", "python=3.9;" + cpy + "os=linux;libc=glibc;libcver=2.28;distro=ubi 8"},
		// Unknown.
		{"scratch", ""},
		{"node:20", ""},
		{"", ""},
	}
	for _, tt := range tests {
		e, ok := LookupEnv(tt.ref)
		got := describe(e)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("LookupEnv(%q) = %q, %v\nwant %q", tt.ref, got, ok, tt.want)
		}
		for _, v := range []Value{e.Python, e.Implementation, e.OS, e.Arch, e.Libc, e.LibcVersion, e.Distro, e.CUDA, e.CuDNN, e.Torch} {
			if v.Known() && v.Source != "FROM "+tt.ref {
				t.Errorf("LookupEnv(%q): source %q", tt.ref, v.Source)
			}
		}
	}
}

func TestHubName(t *testing.T) {
	for in, want := range map[string]string{
		"python":                               "python",
		"library/python":                       "python",
		"docker.io/library/python":             "python",
		"registry.hub.docker.com/nvidia/cuda":  "nvidia/cuda",
		"mirror.gcr.io/pytorch/pytorch":        "pytorch/pytorch",
		"public.ecr.aws/docker/library/debian": "debian",
		"public.ecr.aws/nvidia/cuda":           "public.ecr.aws/nvidia/cuda",
		"ghcr.io/astral-sh/uv":                 "ghcr.io/astral-sh/uv",
	} {
		if got := hubName(in); got != want {
			t.Errorf("hubName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzLookupEnv checks that any reference is read without panicking, that
// every known value says where it came from, and that Lookup agrees.
func FuzzLookupEnv(f *testing.F) {
	for _, s := range []string{"python:3.12-slim", "nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime",
		"ghcr.io/astral-sh/uv:0.5.11-python3.12-alpine", "gcr.io/distroless/python3-debian12", "registry.access.redhat.com/ubi9/python-311", "@:", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		e, ok := LookupEnv(ref)
		_, ok2 := Lookup(ref)
		if ok != ok2 {
			t.Fatalf("LookupEnv and Lookup disagree on %q", ref)
		}
		if !ok && describe(e) != "" {
			t.Fatalf("unknown %q has facts %q", ref, describe(e))
		}
		if e.Python.V != "" {
			if _, _, ok := MinorOf(e.Python.V); !ok {
				t.Fatalf("%q: Python %q", ref, e.Python.V)
			}
		}
	})
}

func BenchmarkLookupEnv(b *testing.B) {
	refs := []string{"python:3.12-slim-bookworm", "nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", "ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "node:20"}
	for b.Loop() {
		for _, r := range refs {
			LookupEnv(r)
		}
	}
}

// TestDistroTableKeys keeps the distros table a function of its release
// names and of its version numbers, as the maps it replaced were.
func TestDistroTableKeys(t *testing.T) {
	releases, versions := map[string]bool{}, map[string]bool{}
	for _, r := range distros {
		if releases[r.release] || r.version != "" && versions[r.version] {
			t.Errorf("%s (%s) is in the table twice", r.release, r.version)
		}
		releases[r.release], versions[r.version] = true, true
	}
	if _, ok := releaseAlias(""); ok {
		t.Error(`releaseAlias("") is a release`)
	}
}
