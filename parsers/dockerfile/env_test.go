package dockerfile

import "testing"

func TestMentionsWord(t *testing.T) {
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
		f, err := Parse("Dockerfile", []byte("FROM scratch\n"+src+"\n"))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := f.MentionsWord(f.Stages[0].Instructions[0], "uv"); got != want {
			t.Errorf("MentionsWord(%q, uv) = %v, want %v", src, got, want)
		}
	}
}
