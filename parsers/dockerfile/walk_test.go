package dockerfile

import (
	"fmt"
	"strings"
	"testing"
)

// TestCallWordsShareNothingWritable checks that the words of the calls of
// one instruction, which come from one allocation, are capped: appending
// to one call's words leaves the others as they were. Words are never nil,
// even for a call without arguments.
func TestCallWordsShareNothingWritable(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM alpine\nRUN sudo env A=1 apt-get install -y vim && echo hi && true\nRUN ls /x\n"))
	if err != nil {
		t.Fatal(err)
	}
	calls := f.Instructions[1].Calls()
	describe := func() string {
		var parts []string
		for _, c := range calls {
			var ws []string
			for _, w := range c.Words {
				ws = append(ws, w.Value)
			}
			parts = append(parts, fmt.Sprintf("%s[%s]nil=%v", c.Name, strings.Join(ws, " "), c.Words == nil))
		}
		return strings.Join(parts, " ")
	}
	const want = "sudo[env A=1 apt-get install -y vim]nil=false env[A=1 apt-get install -y vim]nil=false " +
		"apt-get[install -y vim]nil=false echo[hi]nil=false true[]nil=false"
	if got := describe(); got != want {
		t.Fatalf("calls:\n got %s\nwant %s", got, want)
	}
	for i := range calls {
		_ = append(calls[i].Words, CmdWord{Value: "X"})
	}
	if got := describe(); got != want {
		t.Errorf("after appending to each call's words:\n got %s\nwant %s", got, want)
	}
	// The next instruction's walk reuses the scratch space: the first
	// instruction's calls must not change.
	if got := f.Instructions[2].Calls(); len(got) != 1 || got[0].Name != "ls" || len(got[0].Words) != 1 || got[0].Words[0].Value != "/x" {
		t.Errorf("second RUN: %+v", got)
	}
	if got := describe(); got != want {
		t.Errorf("after walking another RUN:\n got %s\nwant %s", got, want)
	}
}

func TestInstructionIs(t *testing.T) {
	tests := []struct {
		keyword, name string
		want          bool
	}{
		{"RUN", "run", true},
		{"run", "RUN", true},
		{"Run", "RUNS", false},
		{"RUN", "RU", false},
		{"COPY", "copy", true},
		{"COPY", "cope", false},
		{"RUN@", "run`", false}, // only letters fold: @ and ` are 0x20 apart
		{"RUN", "r\u00dcn", false},
		// Unicode folding matches strings of different byte lengths:
		// U+212A KELVIN SIGN folds to k.
		{"\u212Aeep", "keep", true},
		{"keep", "\u212Aeep", true},
		{"\u212Aeep", "kee", false},
		{"SHELL", "\u017Fhell", true}, // U+017F LATIN SMALL LETTER LONG S folds to s
		{"RUN", "cmd", false},
		{"RUN", "", false},
		{"@UN", "`un", false},
		{"", "", true},
	}
	for _, tt := range tests {
		// As built by hand, and as the parser builds it.
		parsed := &Instruction{Keyword: tt.keyword}
		parsed.keyFirst, parsed.keyMask = keyFirst(tt.keyword)
		for _, in := range []*Instruction{{Keyword: tt.keyword}, parsed} {
			if got := in.Is(tt.name); got != tt.want {
				t.Errorf("Instruction{Keyword: %q, keyFirst: %q}.Is(%q) = %v, want %v", tt.keyword, in.keyFirst, tt.name, got, tt.want)
			}
		}
	}
}
