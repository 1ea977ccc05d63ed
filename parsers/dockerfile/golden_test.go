package dockerfile

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of golden files")

// TestGolden parses the Dockerfile section of every
// testdata/parsers/dockerfile/*.txtar case and compares a dump of the
// result (positions, flags, arguments, heredocs, shell commands) with the
// want section.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("..", "..", "testdata", "parsers", "dockerfile", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases found")
	}
	for _, path := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var src []byte
			var want *txtar.File
			for i := range ar.Files {
				switch ar.Files[i].Name {
				case "Dockerfile":
					src = ar.Files[i].Data
				case "want":
					want = &ar.Files[i]
				}
			}
			if src == nil || want == nil {
				t.Fatalf("%s: needs a Dockerfile and a want section", path)
			}
			got := dumpParse("Dockerfile", src)
			if *update {
				want.Data = []byte(got)
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want.Data) {
				t.Errorf("%s: dump differs (run with -update and review the diff)\n--- got\n%s--- want\n%s", path, got, want.Data)
			}
		})
	}
}

// dumpParse parses src and renders everything the package finds in it.
func dumpParse(name string, src []byte) string {
	f, err := Parse(name, src)
	if err != nil {
		if pe, ok := errors.AsType[*Error](err); ok {
			return fmt.Sprintf("error %s\n", pe)
		}
		return fmt.Sprintf("error (not *Error) %v\n", err)
	}
	return dump(f)
}

// dump renders a parsed file: one line per instruction, indented lines for
// its parts, each with line:col-line:col and the source text of the span.
func dump(f *File) string {
	var b strings.Builder
	for _, d := range f.Directives {
		fmt.Fprintf(&b, "directive %s=%q %s\n", d.Name, d.Value, spanText(f, d.Span))
	}
	for _, w := range f.Warnings {
		line := 0
		if w.Location != nil {
			line = w.Location.Start.Line
		}
		fmt.Fprintf(&b, "warning line %d: %s\n", line, firstLine(w.Short))
	}
	for _, in := range f.Instructions {
		dumpInstruction(&b, f, in, "")
	}
	for _, s := range f.Stages {
		fmt.Fprintf(&b, "stage %d %q from line %d, %d instructions\n", s.Index, s.Name, s.From.StartLine, len(s.Instructions))
	}
	return b.String()
}

func dumpInstruction(b *strings.Builder, f *File, in *Instruction, indent string) {
	form := "shell"
	if in.JSON {
		form = "json"
	}
	fmt.Fprintf(b, "%s%s lines %d-%d keyword %s span %s %s\n", indent, in.Keyword, in.StartLine, in.EndLine,
		spanText(f, in.KeywordSpan), pos(f, in.Span), form)
	indent += "  "
	for _, fl := range in.Flags {
		fmt.Fprintf(b, "%sflag %s=%q %s", indent, fl.Name, fl.Value, spanText(f, fl.Span))
		if fl.HasValue {
			fmt.Fprintf(b, " value %s", spanText(f, fl.ValueSpan))
		}
		b.WriteString("\n")
	}
	if in.Onbuild != nil {
		fmt.Fprintf(b, "%sonbuild:\n", indent)
		dumpInstruction(b, f, in.Onbuild, indent+"  ")
		return
	}
	fmt.Fprintf(b, "%sargs %s\n", indent, spanText(f, in.ArgsSpan))
	for _, w := range in.Args {
		fmt.Fprintf(b, "%sarg %q %s\n", indent, w.Value, spanText(f, w.Span))
	}
	for _, h := range in.Heredocs {
		fmt.Fprintf(b, "%sheredoc %q expand=%t chomp=%t body %s terminator %s\n", indent, h.Name, h.Expand, h.Chomp,
			spanText(f, h.Body), spanText(f, h.Terminator))
	}
	if in.Shell() != nil {
		switch {
		case in.Shell().Err != nil:
			fmt.Fprintf(b, "%sshell error: %v\n", indent, in.Shell().Err)
		case in.Shell().Heredoc != nil:
			fmt.Fprintf(b, "%sshell from heredoc %q\n", indent, in.Shell().Heredoc.Name)
		default:
			fmt.Fprintf(b, "%sshell ok\n", indent)
		}
	}
	for _, c := range in.Commands() {
		dumpCommand(b, f, &c, indent)
	}
}

func dumpCommand(b *strings.Builder, f *File, c *Command, indent string) {
	fmt.Fprintf(b, "%scmd %s %q %s\n", indent, c.Kind, c.Name, spanText(f, c.Span))
	indent += "  "
	for _, k := range slices.Sorted(maps.Keys(c.Env)) {
		fmt.Fprintf(b, "%senv %s=%q\n", indent, k, c.Env[k])
	}
	for _, fl := range c.Flags {
		fmt.Fprintf(b, "%sflag %s %s", indent, fl.Name, spanText(f, fl.Span))
		if fl.HasValue {
			lit := ""
			if !fl.Literal {
				lit = " (expansion)"
			}
			fmt.Fprintf(b, " value %q%s %s", fl.Value, lit, spanText(f, fl.ValueSpan))
		}
		b.WriteString("\n")
	}
	for _, a := range c.Args {
		lit := ""
		if !a.Literal {
			lit = " (expansion)"
		}
		fmt.Fprintf(b, "%sarg %q%s %s\n", indent, a.Value, lit, spanText(f, a.Span))
	}
	if c.Runner != nil {
		fmt.Fprintf(b, "%srunner:\n", indent)
		dumpCommand(b, f, c.Runner, indent+"  ")
	}
}

// pos renders a span as line:col-line:col (columns in bytes, 1-based).
func pos(f *File, s Span) string {
	a, z := f.Position(s.Start), f.Position(s.End)
	return fmt.Sprintf("%d:%d-%d:%d", a.Line, a.Column, z.Line, z.Column)
}

// spanText renders a span's position and its source text, shortened.
func spanText(f *File, s Span) string {
	txt := string(f.Src[s.Start:s.End])
	if len(txt) > 60 {
		txt = txt[:40] + "…" + txt[len(txt)-15:]
	}
	return fmt.Sprintf("%s %q", pos(f, s), txt)
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
