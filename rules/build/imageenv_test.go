package build

import (
	"slices"
	"testing"
)

func TestLookupImageEnv(t *testing.T) {
	tests := []struct {
		ref   string
		known bool
		sets  []string
		unset []string
	}{
		{"scratch", true, []string{"PATH"}, []string{"LANG"}},
		{"python:3.12-slim", true, []string{"PATH", "PYTHON_VERSION", "GPG_KEY", "LANG", "PYTHON_GET_PIP_URL"}, []string{"LD_LIBRARY_PATH", "PIP_NO_CACHE_DIR"}},
		{"docker.io/library/python:3.8", true, []string{"PYTHON_PIP_VERSION"}, nil},
		{"python:3.12-windowsservercore-ltsc2022", false, nil, nil},
		{"nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", true, []string{"LD_LIBRARY_PATH", "CUDA_VERSION", "NVIDIA_VISIBLE_DEVICES", "NV_CUDNN_VERSION", "NCCL_VERSION"}, []string{"PYTHONPATH", "NVARCH_X"}},
		{"alpine:3.20", true, []string{"PATH"}, []string{"LD_LIBRARY_PATH"}},
		{"ubuntu", true, []string{"PATH"}, []string{"HOME"}},
		{"nvcr.io/nvidia/pytorch:24.10-py3", false, nil, nil},
		{"node:20", false, nil, nil},
		{"${BASE}", false, nil, nil},
	}
	for _, tc := range tests {
		env, known := LookupImageEnv(tc.ref)
		if known != tc.known {
			t.Errorf("LookupImageEnv(%q) known = %v, want %v", tc.ref, known, tc.known)
			continue
		}
		for _, n := range tc.sets {
			if !env.Sets(n) {
				t.Errorf("LookupImageEnv(%q) does not set %s", tc.ref, n)
			}
		}
		for _, n := range tc.unset {
			if env.Sets(n) {
				t.Errorf("LookupImageEnv(%q) sets %s", tc.ref, n)
			}
		}
	}
}

// TestImageEnvNamesSorted keeps the hand-sorted name lists sorted: Sets
// searches them by halves.
func TestImageEnvNamesSorted(t *testing.T) {
	for _, f := range imageEnvFamilies {
		if !slices.IsSorted(f.env.names) {
			t.Errorf("the names of %v are not sorted: %v", f.repos, f.env.names)
		}
	}
}
