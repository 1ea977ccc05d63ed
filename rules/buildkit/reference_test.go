package buildkit

import (
	"strings"
	"testing"

	"github.com/distribution/reference"
)

func TestPlainReference(t *testing.T) {
	tests := []struct {
		ref  string
		want bool
	}{
		{"python", true},
		{"python:3.12-slim", true},
		{"ghcr.io/astral-sh/uv:0.5.1", true},
		{"nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", true},
		{"my_org/app_1", true},
		{"a.b_c", true}, // one component: a repository name, not a host
		{"my_host.io/app", false},
		{"localhost:5000/app", false},
		{"python@sha256:" + strings.Repeat("a", 64), false},
		{"Python", false},
		{"python:", false},
		{"python:.x", false},
		{"a--b", false},
		{"a__b", false},
		{"-a", false},
		{"a/", false},
		{"/a", false},
		{"", false},
		{strings.Repeat("g", 64), true},
		{strings.Repeat("f", 64), false}, // a 64-digit image ID
		{"python:" + strings.Repeat("t", 129), false},
		{strings.Repeat("a", 201), false},
	}
	for _, tt := range tests {
		got := plainReference(tt.ref)
		if got != tt.want {
			t.Errorf("plainReference(%q) = %v, want %v", tt.ref, got, tt.want)
		}
		if got && !parsesAsReference(tt.ref) {
			t.Errorf("plainReference(%q) but the reference parser rejects it", tt.ref)
		}
	}
}

// FuzzPlainReference checks the shortcut against the parser it stands in
// for: whatever it accepts, reference.ParseNormalizedNamed accepts.
func FuzzPlainReference(f *testing.F) {
	for _, s := range []string{"python:3.12", "ghcr.io/a/b:c", "a.b_c/d", "x-y.z/w_v:1.0", strings.Repeat("e", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if plainReference(s) {
			if _, err := reference.ParseNormalizedNamed(s); err != nil {
				t.Fatalf("plainReference(%q) but ParseNormalizedNamed: %v", s, err)
			}
		}
	})
}
