package dockerfile

import (
	"strings"
	"testing"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

type noEnv struct{}

func (noEnv) Get(string) (string, bool) { return "", false }
func (noEnv) Keys() []string            { return nil }

// TestLabelQuoteRoundTrip checks that the LABEL the DL4000 fix writes
// holds, once BuildKit has processed the word, exactly the text BuildKit
// stored for the MAINTAINER it replaces.
func TestLabelQuoteRoundTrip(t *testing.T) {
	values := []string{
		`Jane Doe <jane@example.org>`,
		`say "hi" to $USER and ${HOME}`,
		`C:\path\ trailing\`,
		"tab\there 'single' `tick`",
		`ünïcödé — ok`,
	}
	for _, escape := range []string{`\`, "`"} {
		for _, v := range values {
			head := "# escape=" + escape + "\nFROM scratch\n"
			f, err := df.Parse("Dockerfile", []byte(head+"MAINTAINER "+v+"\n"))
			if err != nil {
				t.Fatalf("escape %s, %q: %v", escape, v, err)
			}
			in := f.Stages[0].Instructions[0]
			stored := in.Command.(*instructions.MaintainerCommand).Maintainer
			written := strings.TrimSpace(in.ArgsText())
			if written != stored {
				t.Fatalf("escape %s: ArgsText %q, BuildKit stored %q", escape, written, stored)
			}
			label := "LABEL maintainer=" + labelQuote(written, f.Escape)
			g, err := df.Parse("Dockerfile", []byte(head+label+"\n"))
			if err != nil {
				t.Fatalf("escape %s, %s: %v", escape, label, err)
			}
			kv := g.Stages[0].Instructions[0].Command.(*instructions.LabelCommand).Labels[0]
			got, _, err := shell.NewLex(rune(f.Escape)).ProcessWord(kv.Value, noEnv{})
			if err != nil {
				t.Fatalf("escape %s, %s: %v", escape, label, err)
			}
			if kv.Key != "maintainer" || got != stored {
				t.Errorf("escape %s: %s reads back as %s=%q, want %q", escape, label, kv.Key, got, stored)
			}
		}
	}
}
