package uv

import (
	"testing"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
)

func TestMentionsUV(t *testing.T) {
	tests := map[string]bool{
		"RUN uv sync":                          true,
		"RUN /root/.local/bin/uv sync":         true,
		"RUN python -m uv sync":                true,
		"RUN \"uv\" sync":                      true,
		"RUN x && uv\\\n  sync":                true,
		"RUN <<EOF\nuv sync\nEOF":              true,
		"RUN pip install uvicorn uvloop":       false,
		"RUN echo ruv-uv_x uv.lock":            false,
		"RUN apt-get install -y curl":          false,
		"RUN uvicorn app:main && ./uv-install": false,
	}
	for src, want := range tests {
		f, err := dockerfile.Parse("Dockerfile", []byte("FROM scratch\n"+src+"\n"))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := mentionsUV(f, f.Stages[0].Instructions[0]); got != want {
			t.Errorf("mentionsUV(%q) = %v, want %v", src, got, want)
		}
	}
}
