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

// TestMentionsWordScan checks MentionsWord against a plain scan of
// the text: every word of an instruction is found, and so is any other
// word exactly when the scan finds it.
func TestMentionsWordScan(t *testing.T) {
	src := "FROM scratch\nRUN set -eux; apt-get update && apt-get install -y --no-install-recommends \\\n" +
		"    ca-certificates curl=7.88 && /usr/local/bin/pip3.12 install \"uv==0.5\" 'x' && cd /tmp \\\n" +
		"    && go install golang.org/x/tools/gopls@v0.16.2 | tee log && rm -rf /var/lib/apt/lists/*\n" +
		"RUN <<EOF\nsudo -u app vim ~/.profile\nEOF\n"
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	words := []string{
		"apt-get", "apt", "get", "install", "pip", "pip3", "pip3.12", "uv", "cd", "tmp", "go", "gopls@v0",
		"tee", "log", "rm", "sudo", "vim", "profile", "EOF", "x", "curl", "curl=7.88", "wget", "ssh", "ps",
		"yum", "i", "-y", "--no-install-recommends", "no-install-recommends", "ca", "certificates", "/usr",
		"", "a", "lists", "eux", "set", "local", "bin", "usr", "tools", "golang.org",
	}
	for _, in := range f.Stages[0].Instructions {
		text := string(f.Src[in.Span.Start:in.Span.End])
		for _, w := range words {
			want := scanWord(text, w)
			if got := f.MentionsWord(in, w); got != want {
				t.Errorf("MentionsWord(%q, %q) = %v, want %v", text, w, got, want)
			}
		}
	}
}

// scanWord is MentionsWord written the slow, obvious way.
func scanWord(text, word string) bool {
	if word == "" {
		return false
	}
	for i := 0; i+len(word) <= len(text); i++ {
		end := i + len(word)
		if text[i:end] == word && (i == 0 || !isNameByte(text[i-1])) && (end == len(text) || !isNameByte(text[end])) {
			return true
		}
	}
	return false
}

// FuzzMentionsWord checks MentionsWord against a plain scan on any RUN.
func FuzzMentionsWord(f *testing.F) {
	f.Add("apt-get install -y curl && cd /tmp", "cd")
	f.Add("pip3 install uv", "uv")
	f.Add("echo pip3.12", "pip3")
	f.Fuzz(func(t *testing.T, script, word string) {
		df, err := Parse("Dockerfile", []byte("FROM scratch\nRUN "+script+"\n"))
		if err != nil || len(df.Stages) == 0 {
			return
		}
		for _, in := range df.Stages[0].Instructions {
			text := string(df.Src[in.Span.Start:in.Span.End])
			want := scanWord(text, word)
			if got := df.MentionsWord(in, word); got != want {
				t.Fatalf("MentionsWord(%q, %q) = %v, want %v", text, word, got, want)
			}
		}
	})
}
