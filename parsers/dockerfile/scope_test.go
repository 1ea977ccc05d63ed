package dockerfile

import (
	"strings"
	"testing"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// TestPlain checks that the words the Expander passes through untouched
// are those BuildKit's lexer returns unchanged.
func TestPlain(t *testing.T) {
	for _, w := range []string{"python:3.12-slim", "ghcr.io/a/b@sha256:0f", "a b", "~x", "", "a$b", "a'b'", `a"b"`,
		`a\b`, "a<<b", "a\tb", "é", "a\x00b", "${X}", "a#b", "a%b", "a{b}"} {
		res, err := shell.NewLex('\\').ProcessWordWithMatches(w, NewEnv(0))
		if Plain(w, '\\') && (err != nil || res.Result != w) {
			t.Errorf("Plain(%q) but the lexer gives %q, %v", w, res.Result, err)
		}
	}
}

// TestHasSpecial checks HasSpecial against the one-pass search it
// replaces.
func TestHasSpecial(t *testing.T) {
	for _, s := range []string{"", "plain", "a$b", "a<b", "it's", `say "hi"`, `a\b`, "a`b", "\uFEFFa", "a\uFEFF", "é$", "\xef\xbb", "\x00"} {
		for _, escape := range []rune{0, '\\', '`'} {
			want := strings.ContainsAny(s, "$<'\"") || strings.Contains(s, "\uFEFF") || (escape != 0 && strings.ContainsRune(s, escape))
			if got := HasSpecial(s, "$<'\"", escape); got != want {
				t.Errorf("HasSpecial(%q, %q) = %v, want %v", s, escape, got, want)
			}
		}
	}
}

// TestUnquoted checks that the words whose quotes Unquoted removes are
// those BuildKit's lexer only removes the quotes of, with the same result.
func TestUnquoted(t *testing.T) {
	words := []string{`"step 0"`, `'a b'`, `a"b"c'd'e`, `"it's"`, `'say "hi"'`, `""`, `''`, `"é ü"`,
		`"a`, `'a`, `a"b'c"`, `"a\"b"`, `"$X"`, `'$X'`, `"a<<b"`, "\"a\x00b\"", "\"\xff\"", "\uFEFF\"a\"",
		`"a" "b"`, "\"a\tb\"", "\"a\nb\"", "plain", "`\"a\"`"}
	for _, escape := range []rune{'\\', '`'} {
		for _, w := range words {
			checkUnquoted(t, w, escape)
		}
	}
	for _, w := range []string{`"step 0"`, `a"b"c'd'e`, `'say "hi"'`} {
		if _, ok := Unquoted(shell.NewLex('\\'), w, '\\'); !ok {
			t.Errorf("Unquoted(%q) leaves the word to the lexer", w)
		}
	}
	for _, w := range []string{`"a`, `"$X"`, `"a\"b"`, "\"\xff\""} {
		if _, ok := Unquoted(shell.NewLex('\\'), w, '\\'); ok {
			t.Errorf("Unquoted(%q) does not leave the word to the lexer", w)
		}
	}
	for _, lex := range []*shell.Lex{{RawQuotes: true}, {SkipProcessQuotes: true}} {
		if _, ok := Unquoted(lex, `"a"`, '\\'); ok {
			t.Errorf("Unquoted with a lexer that keeps quotes (%+v)", *lex)
		}
	}
}

func checkUnquoted(t *testing.T, w string, escape rune) {
	t.Helper()
	got, ok := Unquoted(shell.NewLex(escape), w, escape)
	if !ok {
		return
	}
	want, unmatched, err := shell.NewLex(escape).ProcessWord(w, NewEnv(0))
	if err != nil || got != want || len(unmatched) > 0 {
		t.Errorf("Unquoted(%q, %q) = %q, the lexer gives %q, %v, %v", w, escape, got, want, unmatched, err)
	}
}

// FuzzUnquoted compares Unquoted with BuildKit's lexer on any word.
func FuzzUnquoted(f *testing.F) {
	for _, w := range []string{`"step 0"`, `a'b'"c"`, `"a`, `"$X"`, "\"\\\""} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		checkUnquoted(t, w, '\\')
		checkUnquoted(t, w, '`')
	})
}

func TestExpand(t *testing.T) {
	env := NewEnv(1)
	env.Set("PYTHON_VERSION", "3.11")
	x := &Expander{Lex: shell.NewLex('\\'), Escape: '\\'}
	for in, want := range map[string]string{
		"python:${PYTHON_VERSION}-slim": "python:3.11-slim",
		"python:$PYTHON_VERSION":        "python:3.11",
		"python:${PY:-3.10}-alpine":     "python:3.10-alpine",
		"python:${UNSET}":               "python:",
		"python:3.12":                   "python:3.12",
		"python:${":                     "python:${", // a syntax error keeps the word
	} {
		if got := x.Expand(in, env); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVarsAt checks the values of ARG and ENV an instruction sees: ARGs of
// its own stage only, a default expanded in what came before, the global
// value for an ARG without one, and ENV over ARG.
func TestVarsAt(t *testing.T) {
	f := mustParse(t, `ARG UV=0.5.1
ARG EMPTY
FROM base AS one
ARG UV
ARG EMPTY
ARG A=1 B=${A}2
ENV B=env
RUN one
FROM one
ARG A
RUN two
`)
	sc := ScopeOf(f)
	one, two := f.Stages[0].Instructions[4], f.Stages[1].Instructions[1]
	for _, tt := range []struct {
		in       *Instruction
		vars     shell.EnvGetter
		key      string
		want     string
		wantSeen bool
	}{
		{one, sc.ArgsAt(one), "UV", "0.5.1", true},
		{one, sc.ArgsAt(one), "EMPTY", "", false},
		{one, sc.ArgsAt(one), "B", "12", true},
		{one, sc.VarsAt(one), "B", "env", true},
		{one, sc.VarsAt(one), "TARGETARCH", "", false},
		{two, sc.ArgsAt(two), "UV", "", false},
		{two, sc.ArgsAt(two), "A", "", false},
		{two, sc.VarsAt(two), "B", "env", true},
	} {
		if got, ok := tt.vars.Get(tt.key); got != tt.want || ok != tt.wantSeen {
			t.Errorf("%s at %q = %q, %v; want %q, %v", tt.key, tt.in.ArgsText(), got, ok, tt.want, tt.wantSeen)
		}
	}
}

// TestLatin1Spaces checks the table against unicode.IsSpace.
func TestLatin1Spaces(t *testing.T) {
	for r := range rune(0x3100) {
		if got, want := isRuneSpace(r), unicode.IsSpace(r); got != want {
			t.Errorf("isRuneSpace(%U) = %v, want %v", r, got, want)
		}
	}
	for b := range 256 {
		if got, want := isByteSpace(byte(b)), unicode.IsSpace(rune(b)); got != want {
			t.Errorf("isByteSpace(%#x) = %v, want %v", b, got, want)
		}
	}
}
