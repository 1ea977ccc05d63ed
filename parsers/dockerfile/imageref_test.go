package dockerfile

import "testing"

func TestParseImageRef(t *testing.T) {
	const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	for _, tt := range []struct {
		in                string
		name, tag, digest string
		tagAt             int
		registry          string
	}{
		{"python", "python", "", "", -1, "docker.io"},
		{"python:3.12-slim", "python", "3.12-slim", "", 7, "docker.io"},
		{"library/python:3", "library/python", "3", "", 15, "docker.io"},
		{"localhost:5000/app", "localhost:5000/app", "", "", -1, "localhost:5000"},
		{"localhost/app:1", "localhost/app", "1", "", 14, "localhost"},
		{"ghcr.io/astral-sh/uv:0.5@" + digest, "ghcr.io/astral-sh/uv", "0.5", digest, 21, "ghcr.io"},
		{"python@" + digest, "python", "", digest, -1, "docker.io"},
		{"index.docker.io/python:3", "index.docker.io/python", "3", "", 23, "docker.io"},
		{"Reg.IO/app:1", "Reg.IO/app", "1", "", 11, "reg.io"},
		// Rejected by Docker's grammar as written, split all the same.
		{"python:${PY}-slim", "python", "${PY}-slim", "", 7, "docker.io"},
		{"${REG}/python", "${REG}/python", "", "", -1, "docker.io"},
		{"Python:3", "Python", "3", "", 7, "docker.io"},
		{"MyReg.io/App:1", "MyReg.io/App", "1", "", 13, "myreg.io"},
		{"LOCALHOST/app", "LOCALHOST/app", "", "", -1, "localhost"},
		{"MyOrg/app", "MyOrg/app", "", "", -1, "myorg"},
		{"python:3@sha256:short", "python", "3", "sha256:short", 7, "docker.io"},
		{"", "", "", "", -1, "docker.io"},
	} {
		r := ParseImageRef(tt.in)
		if r.Name != tt.name || r.Tag != tt.tag || r.Digest != tt.digest || r.TagAt != tt.tagAt {
			t.Errorf("ParseImageRef(%q) = %+v, want {%s %s %s %d}", tt.in, r, tt.name, tt.tag, tt.digest, tt.tagAt)
		}
		if r.TagAt >= 0 && tt.in[r.TagAt:r.TagAt+len(r.Tag)] != r.Tag {
			t.Errorf("ParseImageRef(%q): TagAt %d does not point at %q", tt.in, r.TagAt, r.Tag)
		}
		if got := r.Registry(); got != tt.registry {
			t.Errorf("ParseImageRef(%q).Registry() = %q, want %q", tt.in, got, tt.registry)
		}
	}
}
