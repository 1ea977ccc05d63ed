package dockerfile

import (
	"fmt"
	"strings"
	"testing"
)

// describe renders pragmas compactly: tool, kind, validity, codes and the
// text of the scope's first line.
func describePragmas(f *File) string {
	var b strings.Builder
	kinds := map[PragmaKind]string{PragmaIgnore: "ignore", PragmaGlobalIgnore: "global", PragmaStageIgnore: "stage", PragmaShell: "shell"}
	for _, p := range f.Pragmas() {
		fmt.Fprintf(&b, "%d %s %s", p.Line, p.Tool, kinds[p.Kind])
		if !p.Valid {
			b.WriteString(" invalid")
		}
		for _, c := range p.Codes {
			if got := string(f.Src[c.Span.Start:c.Span.End]); got != c.Code {
				fmt.Fprintf(&b, " span-mismatch(%q)", got)
			}
			fmt.Fprintf(&b, " %s", c.Code)
		}
		if p.Shell != "" {
			fmt.Fprintf(&b, " %s=%s", p.Shell, f.Src[p.ShellSpan.Start:p.ShellSpan.End])
		}
		if p.Scope.Len() > 0 {
			first, _, _ := strings.Cut(string(f.Src[p.Scope.Start:p.Scope.End]), "\n")
			fmt.Fprintf(&b, " -> %d %q", f.Position(p.Scope.Start).Line, first)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestPragmas(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"hadolint next line", "FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install \\\n  curl\n",
			"2 hadolint ignore DL3008 DL3015 -> 3 \"RUN apt-get install \\\\\"\n"},
		{"blanks around = and , and a reason", "FROM debian:12\n  #hadolint ignore = DL3008 ,\tDL3015   # legacy\nRUN true\n",
			"2 hadolint ignore DL3008 DL3015 -> 3 \"RUN true\"\n"},
		{"hadolint does not reach past a comment", "FROM debian:12\n# hadolint ignore=DL3008\n# why\nRUN true\n",
			"2 hadolint ignore DL3008\n"},
		{"hadolint does not reach past a blank line", "FROM debian:12\n# hadolint ignore=DL3008\n\nRUN true\n",
			"2 hadolint ignore DL3008\n"},
		{"ballast skips comments and blank lines", "FROM debian:12\n# ballast ignore=from-latest-tag,dl3008\n# hadolint ignore=DL3009\n\nRUN true\n",
			"2 ballast ignore from-latest-tag dl3008 -> 5 \"RUN true\"\n3 hadolint ignore DL3009\n"},
		{"one bad code invalidates a hadolint pragma", "FROM debian:12\n# hadolint ignore=crazy,DL3002\nUSER root\n",
			"2 hadolint ignore invalid crazy DL3002\n"},
		{"a bad name does not invalidate a ballast pragma", "FROM debian:12\n# ballast ignore=crazy,DL3002\nUSER root\n",
			"2 ballast ignore crazy DL3002 -> 3 \"USER root\"\n"},
		{"global", "FROM debian:12\nUSER root\n# hadolint global ignore=DL3002\n",
			"3 hadolint global DL3002 -> 1 \"FROM debian:12\"\n"},
		{"stage covers the next stage after its FROM", "FROM a\n# hadolint stage ignore=DL3011\nFROM b\nEXPOSE 80000\nFROM c\nEXPOSE 80000\n",
			"2 hadolint stage DL3011 -> 3 \"\"\n"},
		{"shell", "# hadolint shell = powershell.exe # windows\nFROM a\n",
			"1 hadolint shell powershell.exe=powershell.exe\n"},
		{"not pragmas", "# hadolint\n# Hadolint ignore=DL3000\n# hadolintignore=DL3000\n# ballast shell=bash\n# hadolint ignore DL3000\nFROM a\n",
			""},
		{"inside a heredoc or a continuation", "FROM a\nRUN <<EOF\n# hadolint ignore=DL3008\nEOF\nRUN a \\\n# hadolint ignore=DL3008\n  b\n",
			""},
		{"empty list", "FROM a\n# ballast ignore=\nRUN a\n", "2 ballast ignore invalid\n"},
		{"CRLF", "FROM a\r\n# hadolint ignore=DL3000\r\nWORKDIR a\r\n", "2 hadolint ignore DL3000 -> 3 \"WORKDIR a\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("Dockerfile", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := describePragmas(f); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestPragmaCovers(t *testing.T) {
	src := "FROM a\n# hadolint stage ignore=DL3011\nFROM b\nEXPOSE 80000\nFROM c\n"
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pragmas()[0]
	for _, tc := range []struct {
		at   string
		want bool
	}{{"FROM b", false}, {"EXPOSE", true}, {"FROM c", false}} {
		if got := p.Covers(strings.Index(src, tc.at)); got != tc.want {
			t.Errorf("Covers(%q) = %v, want %v", tc.at, got, tc.want)
		}
	}
}
