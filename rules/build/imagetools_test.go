package build

import "testing"

func TestLookupImageTools(t *testing.T) {
	tests := []struct {
		ref   string
		known bool
		want  ImageTools
	}{
		{"python:3.12-slim", true, ImageTools{Python: "python", Shell: true}},
		{"python:3.12-slim-bookworm", true, ImageTools{Python: "python", Shell: true}},
		{"python:3.12", true, ImageTools{Curl: true, Wget: true, Python: "python", Shell: true}},
		{"docker.io/library/python:3.11-bookworm", true, ImageTools{Curl: true, Wget: true, Python: "python", Shell: true}},
		{"python:3.12-alpine", true, ImageTools{Wget: true, Python: "python", Shell: true}},
		{"ghcr.io/astral-sh/uv:python3.12-bookworm-slim", true, ImageTools{Python: "python", Shell: true}},
		{"ghcr.io/astral-sh/uv:0.5.11-python3.12-bookworm", true, ImageTools{Curl: true, Wget: true, Python: "python", Shell: true}},
		{"debian:12-slim", true, ImageTools{Shell: true}},
		{"alpine:3.20", true, ImageTools{Wget: true, Shell: true}},
		{"gcr.io/distroless/python3-debian12", true, ImageTools{Python: "python3"}},
		{"python:3.12-windowsservercore", false, ImageTools{}},
		{"nvidia/cuda:12.4.1-runtime-ubuntu22.04", false, ImageTools{}},
		{"${BASE}", false, ImageTools{}},
	}
	for _, tc := range tests {
		got, known := LookupImageTools(tc.ref)
		if known != tc.known || got != tc.want {
			t.Errorf("LookupImageTools(%q) = %+v, %v; want %+v, %v", tc.ref, got, known, tc.want, tc.known)
		}
	}
}
