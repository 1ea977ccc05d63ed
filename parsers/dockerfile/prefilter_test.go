package dockerfile

import (
	"strings"
	"testing"
)

func TestMayMention(t *testing.T) {
	tests := map[string]bool{
		"RUN apt-get install -y curl":                true,
		"RUN /usr/bin/apt-get install":               true,
		"RUN a'pt'-get update":                       true,
		`RUN ap\t-get update`:                        true,
		"RUN $'apt'-get update":                      true,
		"RUN x && ap\\\n  t-get update":              false, // the blanks stay in the word
		"RUN x && ap\\\nt-get update":                true,
		"RUN x && ap\\  \nt-get update":              true,
		"RUN x && ap\\\n# a comment\n\nt-get update": true,
		"RUN sh -c 'a\"p\"t-get update'":             true,
		"RUN <<EOF\napt-get update\nEOF":             true,
		"RUN pip install uvicorn":                    false,
		"RUN a p t-get":                              false,
		"RUN ap-t-get":                               false,
		"# escape=`\nFROM scratch\nRUN ap`\nt-get":   true,
	}
	words := map[string]bool{
		"RUN apt-get install":          true,
		"RUN xapt-get install":         false,
		"RUN apt-get.sh":               false,
		"RUN x\"apt-get\" install":     true,
		"RUN $1apt-get install":        true,
		"RUN ${X}apt-get install":      true,
		"RUN /usr/bin/apt-get install": true,
	}
	for src, want := range words {
		f, err := Parse("Dockerfile", []byte("FROM scratch\n"+src+"\n"))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got := f.MayMentionWord(f.Stages[0].Instructions[0], "apt-get"); got != want {
			t.Errorf("MayMentionWord(%q, apt-get) = %v, want %v", src, got, want)
		}
	}
	for src, want := range tests {
		text := src
		if !strings.HasPrefix(src, "#") {
			text = "FROM scratch\n" + src
		}
		f, err := Parse("Dockerfile", []byte(text+"\n"))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		in := f.Stages[0].Instructions[0]
		if got := f.MayMention(in, "apt-get"); got != want {
			t.Errorf("MayMention(%q, apt-get) = %v, want %v", src, got, want)
		}
	}
}

// FuzzMayMention checks that MayMention is sound: it never says no for a
// word that a call or command of the RUN holds.
func FuzzMayMention(f *testing.F) {
	f.Add("a'pt'-get install -y curl && cd /tmp", "apt-get")
	f.Add("sh -c \"p\\\"i\\\"p install x\"", "pip")
	f.Add("x \\\n# c\n  && u\\\nv sync", "uv")
	f.Add("python3 -mpip install uv", "pip")
	f.Add("$1apt-get install", "apt-get")
	f.Add("python -Bmuv sync && python -m uv pip install x", "uv")
	f.Add("x$-apt update", "apt")
	f.Fuzz(func(t *testing.T, script, word string) {
		df, err := Parse("Dockerfile", []byte("FROM scratch\nRUN "+script+"\n"))
		if err != nil || len(df.Stages) == 0 || word == "" {
			return
		}
		for _, in := range df.Stages[0].Instructions {
			checkMayMention(t, df, in, word)
		}
	})
}

func checkMayMention(t *testing.T, f *File, in *Instruction, word string) {
	t.Helper()
	if strings.ContainsAny(word, quoting) || (f.Escape != 0 && strings.IndexByte(word, f.Escape) >= 0) {
		return // MayMention looks for names, which hold no quoting byte
	}
	text := string(f.Src[in.Span.Start:in.Span.End])
	if !f.MayMentionWord(in, word) {
		for _, c := range in.Calls() {
			if c.Name == word {
				t.Fatalf("MayMentionWord(%q, %q) = false, but call %q is named so", text, word, c.Name)
			}
			for _, w := range c.Words {
				if w.Literal && w.Value == word {
					t.Fatalf("MayMentionWord(%q, %q) = false, but it is a word", text, word)
				}
			}
		}
	}
	if word == "uv" && !f.MayRunUV(in) {
		for _, c := range in.Commands() {
			if c.Call.Name == "uv" || strings.Contains(c.Name, " -m uv") {
				t.Fatalf("MayRunUV(%q) = false, but it runs %q", string(f.Src[in.Span.Start:in.Span.End]), c.Name)
			}
		}
	}
	if f.MayMention(in, word) {
		return
	}
	for _, c := range in.Calls() {
		if strings.Contains(c.Name, word) {
			t.Fatalf("MayMention(%q, %q) = false, but call %q holds it", text, word, c.Name)
		}
		for _, w := range c.Words {
			if w.Literal && strings.Contains(w.Value, word) {
				t.Fatalf("MayMention(%q, %q) = false, but word %q holds it", text, word, w.Value)
			}
		}
	}
	for _, c := range in.Commands() {
		if strings.Contains(c.Name, word) {
			t.Fatalf("MayMention(%q, %q) = false, but command %q holds it", text, word, c.Name)
		}
	}
}

func TestMayMentionCorpusWords(t *testing.T) {
	src := "FROM scratch\nRUN set -eux; apt-get update && apt-get install -y --no-install-recommends \\\n" +
		"    ca-certificates curl=7.88 && /usr/local/bin/pip3.12 install \"uv==0.5\" 'x' && cd /tmp \\\n" +
		"    && go install golang.org/x/tools/gopls@v0.16.2 | tee log && rm -rf /var/lib/apt/lists/*\n" +
		"RUN <<EOF\nsudo -u app vim ~/.profile\nEOF\n" +
		"RUN sh -c 'p\"i\"p install x' && python3 -mpip install y && \"\\u\"v sync\n"
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range f.Stages[0].Instructions {
		for _, c := range in.Calls() {
			checkMayMention(t, f, in, c.Name)
			for _, w := range c.Words {
				if w.Literal && w.Value != "" {
					checkMayMention(t, f, in, w.Value)
				}
			}
		}
	}
}
