package dockerfile

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// text of a span, for assertions.
func at(f *File, s Span) string { return string(f.Src[s.Start:s.End]) }

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkInvariants(t, f)
	return f
}

func TestCRLF(t *testing.T) {
	src := "FROM alpine\r\nRUN --mount=type=cache,target=/var/cache/apk \\\r\n    apk add \\\r\n      curl\r\n"
	f := mustParse(t, src)
	run := f.Instructions[1]
	if got, want := run.KeywordSpan, (Span{13, 16}); got != want {
		t.Errorf("RUN keyword span = %v, want %v", got, want)
	}
	// The instruction ends before the last line's "\r\n".
	if got, want := run.Span, (Span{13, len(src) - 2}); got != want {
		t.Errorf("RUN span = %v, want %v", got, want)
	}
	if got := at(f, run.Flags[0].ValueSpan); got != "type=cache,target=/var/cache/apk" {
		t.Errorf("mount value = %q", got)
	}
	cmds := run.Commands()
	if len(cmds) != 1 || cmds[0].Kind != ApkAdd {
		t.Fatalf("commands = %+v", cmds)
	}
	if got := at(f, cmds[0].Span); got != "apk add \\\r\n      curl" {
		t.Errorf("apk span text = %q", got)
	}
	arg := cmds[0].Args[0]
	if p := f.Position(arg.Span.Start); p.Line != 4 || p.Column != 7 || at(f, arg.Span) != "curl" {
		t.Errorf("curl at %v %q, want 4:7", p, at(f, arg.Span))
	}
}

func TestBOM(t *testing.T) {
	src := "\xef\xbb\xbf# escape=`\nFROM alpine\nRUN echo a `\n  b\n"
	f := mustParse(t, src)
	if len(f.Directives) != 1 || f.Directives[0].Name != "escape" || f.Directives[0].Span != (Span{3, 13}) {
		t.Errorf("directives = %+v", f.Directives)
	}
	if f.Escape != '`' {
		t.Errorf("escape = %q", f.Escape)
	}
	from := f.Instructions[0]
	if from.KeywordSpan != (Span{14, 18}) {
		t.Errorf("FROM keyword span = %v", from.KeywordSpan)
	}
	// BOM on the instruction line itself.
	f = mustParse(t, "\xef\xbb\xbfFROM alpine\n")
	if got := f.Instructions[0].KeywordSpan; got != (Span{3, 7}) {
		t.Errorf("FROM after BOM = %v", got)
	}
	// Line 1's columns start after the mark, as editors show them; the
	// lines after it are untouched.
	if p := f.Position(3); p.Line != 1 || p.Column != 1 {
		t.Errorf("position after BOM = %v, want 1:1 (the mark is not a column)", p)
	}
	if p := f.Position(8); p.Line != 1 || p.Column != 6 {
		t.Errorf("image after BOM = %v, want 1:6", p)
	}
	f = mustParse(t, "\xef\xbb\xbfFROM alpine\nRUN x\n")
	if p := f.Position(19); p.Line != 2 || p.Column != 5 {
		t.Errorf("line 2 of a file with a BOM = %v, want 2:5", p)
	}
}

func TestNoTrailingNewline(t *testing.T) {
	src := "FROM alpine\nRUN pip install x"
	f := mustParse(t, src)
	run := f.Instructions[1]
	if run.Span.End != len(src) || run.ArgsSpan.End != len(src) {
		t.Errorf("span %v args %v, want end %d", run.Span, run.ArgsSpan, len(src))
	}
	if c := run.Commands(); len(c) != 1 || c[0].Span.End != len(src) {
		t.Errorf("commands = %+v", c)
	}
}

// BuildKit trims Unicode white space around instructions (strings.TrimSpace
// and bytes.TrimLeftFunc(unicode.IsSpace)); positions must follow.
func TestUnicodeBlanks(t *testing.T) {
	src := "FROM alpine\n\u00a0RUN pip install x\u2003\n  \u00a0\nENV A=\"b c\"\u00a0\n"
	f := mustParse(t, src)
	if len(f.Instructions) != 3 {
		t.Fatalf("%d instructions", len(f.Instructions))
	}
	run := f.Instructions[1]
	if at(f, run.KeywordSpan) != "RUN" || at(f, run.ArgsSpan) != "pip install x" {
		t.Errorf("RUN keyword %q args %q", at(f, run.KeywordSpan), at(f, run.ArgsSpan))
	}
	env := f.Instructions[2]
	if len(env.Args) != 1 || env.Args[0].Value != `A="b c"` {
		t.Errorf("ENV args = %+v", env.Args)
	}
}

// A line holding only the escape token starts the next instruction.
func TestEscapeOnlyLine(t *testing.T) {
	f := mustParse(t, "FROM a\n\\\n\n# c\nRUN echo hi\n")
	run := f.Instructions[1]
	if run.StartLine != 2 || f.Position(run.KeywordSpan.Start).Line != 5 {
		t.Errorf("start line %d, keyword line %d", run.StartLine, f.Position(run.KeywordSpan.Start).Line)
	}
}

func TestOnbuildSpan(t *testing.T) {
	src := "FROM a\nONBUILD RUN <<EOF\npip install x\nEOF\n"
	f := mustParse(t, src)
	ob := f.Instructions[1]
	if ob.Onbuild == nil || ob.Onbuild.Span.End != len(src)-1 || ob.Span.End != len(src)-1 {
		t.Fatalf("ONBUILD span %v, wrapped %+v", ob.Span, ob.Onbuild)
	}
	if c := ob.Onbuild.Commands(); len(c) != 1 || c[0].Kind != PipInstall {
		t.Errorf("commands = %+v", c)
	}
}

func TestErrors(t *testing.T) {
	long := "FROM a\nRUN echo " + strings.Repeat("x", 70000) + "\n"
	for _, tc := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"empty", "", 1, "file with no instructions"},
		{"only comments", "# a\n# b\n", 2, "file with no instructions"},
		{"blank lines", "\n\n  \n", 3, "file with no instructions"},
		{"invalid UTF-8", "FROM a\nRUN echo \xff\n", 2, "invalid UTF-8"},
		{"NUL byte", "FROM a\nRUN x\x00\n", 2, "NUL"},
		{"long line", long, 2, "line longer than"},
		{"long first line", long[7:], 1, "line longer than"},
		{"unterminated heredoc", "FROM a\nRUN <<EOF\necho\n", 2, "unterminated heredoc"},
		{"bad escape", "# escape=x\nFROM a\n", 1, "invalid escape token"},
		{"duplicate directive", "# check=skip=all\n# check=error=true\nFROM a\n", 1, "only one check"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("Dockerfile", []byte(tc.src))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if pe.File != "Dockerfile" || pe.Line != tc.line || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("err = %q (line %d), want line %d containing %q", pe, pe.Line, tc.line, tc.msg)
			}
			if !strings.HasPrefix(pe.Error(), fmt.Sprintf("Dockerfile:%d", tc.line)) {
				t.Errorf("message %q does not name file and line", pe)
			}
		})
	}
}

func TestCommandAPI(t *testing.T) {
	f := mustParse(t, "FROM a\nRUN uv sync --extra a --extra=b -n\n")
	c := f.Instructions[1].Commands()[0]
	if !c.Has("--no-cache", "-n") || c.Has("--locked") {
		t.Errorf("Has: flags %+v", c.Flags)
	}
	if got := c.Values("--extra"); strings.Join(got, ",") != "a,b" {
		t.Errorf("Values = %q", got)
	}
	// Commands is memoized.
	first, again := f.Instructions[1].Commands(), f.Instructions[1].Commands()
	if &first[0] != &again[0] {
		t.Error("Commands not memoized")
	}
	if f.Instructions[0].Commands() != nil {
		t.Error("FROM has commands")
	}
	// Command.Script maps nodes of nested scripts too.
	f = mustParse(t, "FROM a\nRUN sh -c 'pip install x'\n")
	c = f.Instructions[1].Commands()[0]
	if c.Script == f.Instructions[1].Shell() || at(f, c.Script.Span(c.Expr)) != "pip install x" {
		t.Errorf("nested script span %q", at(f, c.Script.Span(c.Expr)))
	}
}

// checkInvariants asserts what must hold for any file that parses: spans
// inside the source, keywords and flags where BuildKit saw them.
func checkInvariants(t *testing.T, f *File) {
	t.Helper()
	n := len(f.Src)
	ok := func(what string, s Span) {
		t.Helper()
		if s.Start < 0 || s.Start > s.End || s.End > n {
			t.Fatalf("%s span %v outside [0, %d]", what, s, n)
		}
	}
	for _, r := range f.Rejected {
		ok("rejected instruction", r.Instruction.Span)
		ok("rejection", r.Span)
		if r.Span.Start < r.Instruction.Span.Start || r.Span.End > r.Instruction.Span.End {
			t.Fatalf("rejection span %v outside its instruction %v", r.Span, r.Instruction.Span)
		}
	}
	f.Walk(func(in *Instruction) {
		ok("instruction", in.Span)
		ok("keyword", in.KeywordSpan)
		ok("args", in.ArgsSpan)
		if in.Onbuild != nil || in.Node.Original != "" || len(in.logical.s) > 0 {
			if in.logical == &in.logicalText && in.logical.s != in.Node.Original {
				t.Fatalf("logical text %q, BuildKit read %q", in.logical.s, in.Node.Original)
			}
		}
		if got := at(f, in.KeywordSpan); got != in.Node.Value {
			t.Fatalf("keyword %q at %v, BuildKit saw %q", got, in.KeywordSpan, in.Node.Value)
		}
		if len(in.Flags) != len(in.Node.Flags) {
			t.Fatalf("line %d: flags %+v, BuildKit saw %q", in.StartLine, in.Flags, in.Node.Flags)
		}
		for i, fl := range in.Flags {
			ok("flag", fl.Span)
			ok("flag value", fl.ValueSpan)
			w := "--" + fl.Name
			if fl.HasValue {
				w += "=" + fl.Value
			}
			// BuildKit's flag scanner reads bytes as runes: non-ASCII bytes
			// come out Latin-1-decoded; our values keep the source bytes.
			if latin1(w) != in.Node.Flags[i] {
				t.Fatalf("flag %q, BuildKit saw %q", w, in.Node.Flags[i])
			}
		}
		for _, w := range in.Args {
			ok("arg", w.Span)
		}
		for _, h := range in.Heredocs {
			ok("heredoc body", h.Body)
			ok("heredoc terminator", h.Terminator)
		}
		if in.Shell() != nil && in.Shell().File != nil {
			syntax.Walk(in.Shell().File, func(node syntax.Node) bool {
				if node != nil {
					ok("shell node", in.Shell().Span(node))
				}
				return true
			})
		}
		for _, c := range in.Commands() {
			checkCommand(t, ok, &c)
		}
	})
}

func checkCommand(t *testing.T, ok func(string, Span), c *Command) {
	t.Helper()
	ok("command", c.Span)
	for _, fl := range c.Flags {
		ok("command flag", fl.Span)
		ok("command flag value", fl.ValueSpan)
	}
	for _, a := range c.Args {
		ok("command arg", a.Span)
	}
	if c.Runner != nil {
		checkCommand(t, ok, c.Runner)
	}
}

func latin1(s string) string {
	var b strings.Builder
	for i := range len(s) {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// Rules of one unit may ask for an instruction's commands concurrently.
func TestCommandsConcurrent(t *testing.T) {
	f := mustParse(t, "FROM a\nRUN uv sync --locked && sh -c 'pip install x'\n")
	in := f.Instructions[1]
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if c := in.Commands(); len(c) != 2 {
				t.Errorf("commands = %+v", c)
			}
		})
	}
	wg.Wait()
}
