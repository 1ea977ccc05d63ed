package build

import "testing"

func TestLookup(t *testing.T) {
	tests := []struct {
		ref, python, libc string
		known             bool
	}{
		{"python:3.11-slim", "3.11", "glibc 2.41", true},
		{"python:3.12.7", "3.12.7", "glibc 2.41", true},
		{"python:3.12-slim-bookworm", "3.12", "glibc 2.36", true},
		{"python:3.12-bookworm", "3.12", "glibc 2.36", true},
		{"python:3.13-trixie", "3.13", "glibc 2.41", true},
		{"python:3.12-alpine3.20", "3.12", "musl", true},
		{"python:3.12-alpine", "3.12", "musl", true},
		{"python:3.12-windowsservercore-ltsc2022", "3.12", "", true},
		{"docker.io/library/python:3.10-slim@sha256:0123", "3.10", "glibc 2.41", true},
		{"python@sha256:0123", "", "", false},
		{"python:3", "", "glibc 2.41", true},
		{"python:latest", "", "glibc 2.41", true},
		{"python:3.13t-slim", "3.13", "glibc 2.41", true},
		{"ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "3.12", "glibc 2.36", true},
		{"ghcr.io/astral-sh/uv:0.5.4-python3.11-alpine", "3.11", "musl", true},
		{"ubuntu:24.04", "", "glibc 2.39", true},
		{"debian:testing", "", "glibc", true},
		{"scratch", "", "", false},
		{"myregistry:5000/python:3.12", "", "", false},
	}
	for _, tt := range tests {
		b, ok := Lookup(tt.ref)
		if ok != tt.known || b.Python != tt.python || b.Libc != tt.libc {
			t.Errorf("Lookup(%q) = %q, %q, %v; want %q, %q, %v", tt.ref, b.Python, b.Libc, ok, tt.python, tt.libc, tt.known)
		}
	}
}
