package dockerfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// An instruction BuildKit refuses is recorded where it is wrong and left
// out; the rest of the file is parsed as usual.
func TestRejections(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		// want is the rejected spans' text and messages, in order.
		want [][2]string
		// kept is the keywords of f.Instructions.
		kept string
	}{
		{"unknown instruction", "FROM a\nFOO bar\nRUN x\n", [][2]string{{"FOO", "unknown instruction: FOO"}}, "FROM RUN"},
		{"typo", "FROM a\nRUNN x\n", [][2]string{{"RUNN", "unknown instruction: RUNN (did you mean RUN?)"}}, "FROM"},
		{"unknown flag", "FROM a\nRUN --foo=bar x\n", [][2]string{{"--foo=bar", "unknown flag: --foo"}}, "FROM"},
		{"flag without value", "FROM a\nCOPY --chmod . /b\n", [][2]string{{"--chmod", "missing a value on flag: --chmod"}}, "FROM"},
		{"bad arguments", "FROM a\nADD x\nFROM a b\n", [][2]string{{"x", "ADD requires at least two arguments"}, {"a b", "FROM requires either one or three arguments"}}, "FROM"},
		{"no arguments", "FROM a\nUSER\n", [][2]string{{"USER", "USER requires exactly one argument"}}, "FROM"},
		{"escape at EOF", "FROM a\n\\", [][2]string{{"", "unknown instruction"}}, "FROM"},
		{"onbuild trigger", "FROM a\nONBUILD FROM b\n", [][2]string{{"b", "FROM isn't allowed as an ONBUILD trigger"}}, "FROM"},
		{"two errors", "FROM a\nRUNN x\nCOPY --bogus . /\nRUN y\n", [][2]string{{"RUNN", "unknown instruction"}, {"--bogus", "unknown flag: --bogus"}}, "FROM RUN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			if len(f.Rejected) != len(tc.want) {
				t.Fatalf("%d rejected, want %d: %+v", len(f.Rejected), len(tc.want), f.Rejected)
			}
			for i, r := range f.Rejected {
				if got := string(f.Src[r.Span.Start:r.Span.End]); got != tc.want[i][0] || !strings.HasPrefix(r.Message, tc.want[i][1]) {
					t.Errorf("rejection %d: %q at %q, want %q at %q", i, r.Message, got, tc.want[i][1], tc.want[i][0])
				}
			}
			var kws []string
			for _, in := range f.Instructions {
				kws = append(kws, in.Keyword)
			}
			if got := strings.Join(kws, " "); got != tc.kept {
				t.Errorf("instructions %q, want %q", got, tc.kept)
			}
			if f.InputErrors() != len(tc.want) {
				t.Errorf("InputErrors() = %d, want %d", f.InputErrors(), len(tc.want))
			}
		})
	}
}

// Instructions before the first FROM stay, in no stage, as hadolint reads
// them; those under a refused FROM belong to no stage either and are not
// before the first FROM.
func TestInstructionsBeforeFrom(t *testing.T) {
	f := mustParse(t, "ARG V=1\nRUN apt-get install x\nFROM a\nRUN y\nFROM a b\nRUN z\n")
	if len(f.MetaArgs) != 2 || !f.MetaArgs[1].Is("RUN") || f.MetaArgs[1].Stage != nil || f.MetaArgs[1].Command == nil {
		t.Fatalf("meta args %+v", f.MetaArgs)
	}
	if c := f.MetaArgs[1].Commands(); len(c) != 1 {
		t.Errorf("commands of the RUN before FROM: %+v", c)
	}
	if len(f.Stages) != 1 || len(f.Stages[0].Instructions) != 1 || len(f.Stages[0].Typed.Commands) != 1 {
		t.Fatalf("stages %+v", f.Stages)
	}
	last := f.Instructions[len(f.Instructions)-1]
	if !last.Is("RUN") || last.Stage != nil || last.Command == nil {
		t.Errorf("RUN under the refused FROM: %+v", last)
	}
	if f.InputErrors() != 2 {
		t.Errorf("InputErrors() = %d, want 2 (the RUN before FROM, the refused FROM)", f.InputErrors())
	}
}

// A file of which BuildKit accepts no instruction is no Dockerfile: an
// input error at the first, as before.
func TestNothingAccepted(t *testing.T) {
	_, err := Parse("Dockerfile", []byte("# Title\n\n172.17.0.1 host\n- item\n"))
	var pe *Error
	if !errors.As(err, &pe) || pe.Line != 3 || !strings.Contains(pe.Msg, "unknown instruction: 172") {
		t.Fatalf("err = %v, want an *Error at line 3 naming the unknown instruction", err)
	}
}

// TestUnknownKeywordSuggestionIsStable checks that a typo as close to
// several keywords as to each other ("RM": ARG, CMD, FROM, RUN) gets the
// same suggestion on every parse, the first of them in order, and that it
// is one BuildKit itself may give; BuildKit's own search runs over a map.
func TestUnknownKeywordSuggestionIsStable(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"FROM a\nRM x\n", "unknown instruction: RM (did you mean ARG?)"},
		{"FROM a\nrm x\n", "unknown instruction: rm (did you mean arg?)"},
		{"FROM a\nTAR x\n", "unknown instruction: TAR (did you mean ARG?)"},
		{"FROM a\nRUNN x\n", "unknown instruction: RUNN (did you mean RUN?)"},
		{"FROM a\nXYZZY x\n", "unknown instruction: XYZZY"},
	} {
		for range 20 {
			f := mustParse(t, tc.src)
			if len(f.Rejected) != 1 || f.Rejected[0].Message != tc.want {
				t.Fatalf("%q: %+v, want the message %q", tc.src, f.Rejected, tc.want)
			}
		}
		// BuildKit's own message names a keyword as close to the typo as
		// ours, or none when we name none.
		res, err := parser.Parse(strings.NewReader(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = instructions.ParseInstruction(res.AST.Children[1])
		if err == nil {
			t.Fatalf("%q: BuildKit accepts it", tc.src)
		}
		theirs, ours := suggestion(errorMessage(err)), suggestion(tc.want)
		typo := strings.Fields(tc.src)[2]
		if (theirs == "") != (ours == "") || distance(strings.ToLower(typo), strings.ToLower(theirs)) != distance(strings.ToLower(typo), strings.ToLower(ours)) {
			t.Errorf("%q: BuildKit suggests %q, we %q", tc.src, theirs, ours)
		}
	}
}

// suggestion returns the keyword of msg's "(did you mean X?)", or "".
func suggestion(msg string) string {
	_, s, ok := strings.Cut(msg, "(did you mean ")
	if !ok {
		return ""
	}
	return strings.TrimSuffix(s, "?)")
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
