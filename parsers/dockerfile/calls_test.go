package dockerfile

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// callsOf parses src and describes the calls of its last instruction:
// name, line:col of the name, the end of the call, words, and the
// pipeline/sequence bookkeeping.
func callsOf(t *testing.T, src string) (*File, []Call, []string) {
	t.Helper()
	f, err := Parse("Dockerfile", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	in := f.Instructions[len(f.Instructions)-1]
	calls := in.Calls()
	var got []string
	for _, c := range calls {
		s := f.Position(c.Span.Start)
		n := f.Position(c.NameSpan.Start)
		e := f.Position(c.Span.End)
		var words []string
		for _, w := range c.Words {
			words = append(words, w.Value)
		}
		got = append(got, fmt.Sprintf("%s@%d:%d-%d:%d span=%d:%d [%s] w=%v p=%d pipe=%v s=%d",
			c.Name, n.Line, n.Column, e.Line, e.Column, s.Line, s.Column, strings.Join(words, " "),
			c.Wrapped, c.Pipeline, c.InPipe, c.Sequence))
	}
	return f, calls, got
}

func TestCalls(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{
			name: "lists and pipes",
			src:  "FROM alpine\nRUN cd /x && curl -fsS https://e.x | sh; ls -l || true\n",
			want: []string{
				"cd@2:5-2:10 span=2:5 [/x] w=false p=1 pipe=false s=1",
				"curl@2:14-2:35 span=2:14 [-fsS https://e.x] w=false p=2 pipe=true s=2",
				"sh@2:38-2:40 span=2:38 [] w=false p=2 pipe=true s=2",
				"ls@2:42-2:47 span=2:42 [-l] w=false p=3 pipe=false s=3",
				"true@2:51-2:55 span=2:51 [] w=false p=4 pipe=false s=4",
			},
		},
		{
			name: "wrappers are reported and seen through",
			src:  "FROM alpine\nRUN DEBIAN_FRONTEND=x sudo -u root env A=1 /usr/bin/apt-get install -y vim\n",
			want: []string{
				"sudo@2:23-2:75 span=2:5 [-u root env A=1 /usr/bin/apt-get install -y vim] w=false p=1 pipe=false s=1",
				"env@2:36-2:75 span=2:36 [A=1 /usr/bin/apt-get install -y vim] w=true p=1 pipe=false s=1",
				"apt-get@2:44-2:75 span=2:44 [install -y vim] w=true p=1 pipe=false s=1",
			},
		},
		{
			name: "continuation lines, substitutions and sh -c",
			src: "FROM alpine\nRUN echo $(uname -m) \\\n" +
				"    && sh -c 'wget -q \"x\" | tar x'\n",
			want: []string{
				"echo@2:5-2:21 span=2:5 [$(uname -m)] w=false p=1 pipe=false s=1",
				"uname@2:12-2:20 span=2:12 [-m] w=false p=2 pipe=false s=2",
				"sh@3:8-3:35 span=3:8 [-c wget -q \"x\" | tar x] w=false p=3 pipe=false s=3",
				"wget@3:15-3:26 span=3:15 [-q x] w=false p=4 pipe=true s=4",
				"tar@3:29-3:34 span=3:29 [x] w=false p=4 pipe=true s=4",
			},
		},
		{
			name: "compound commands",
			src: "FROM alpine\nRUN if [ -f a ]; then rm a; fi; for i in 1; do ln -s a /bin/sh; done; " +
				"case x in x) top;; esac; { free; } | cat\n",
			want: []string{
				// The if, for and case statements are list elements of their own.
				"[@2:8-2:16 span=2:8 [-f a ]] w=false p=2 pipe=false s=2",
				"rm@2:23-2:27 span=2:23 [a] w=false p=3 pipe=false s=3",
				"ln@2:48-2:63 span=2:48 [-s a /bin/sh] w=false p=5 pipe=false s=5",
				"top@2:84-2:87 span=2:84 [] w=false p=7 pipe=false s=7",
				"free@2:98-2:102 span=2:98 [] w=false p=8 pipe=true s=8",
				"cat@2:108-2:111 span=2:108 [] w=false p=8 pipe=true s=8",
			},
		},
		{
			name: "heredoc script and heredoc to a shell",
			src:  "FROM alpine\nRUN <<EOF\nservice x start\nbash <<'X'\nkill 1\nX\nEOF\n",
			want: []string{
				"service@3:1-3:16 span=3:1 [x start] w=false p=1 pipe=false s=1",
				"bash@4:1-4:5 span=4:1 [] w=false p=2 pipe=false s=2",
				"kill@5:1-5:7 span=5:1 [1] w=false p=3 pipe=false s=3",
			},
		},
		{
			name: "command -v runs nothing but is reported",
			src:  "FROM alpine\nRUN command -v curl\n",
			want: []string{"command@2:5-2:20 span=2:5 [-v curl] w=false p=1 pipe=false s=1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, got := callsOf(t, tt.src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCallFlags(t *testing.T) {
	f, calls, _ := callsOf(t, "FROM alpine\nRUN wget -nvqO- --progress=dot:giga --header h -- -x y\n")
	if len(calls) != 1 {
		t.Fatalf("got %d calls", len(calls))
	}
	c := calls[0]
	if c.Sub() != "h" {
		t.Errorf("Sub() = %q", c.Sub())
	}
	flags, ops := c.Flags(func(name string) bool { return name == "-O" || name == "--header" })
	var got []string
	for _, fl := range flags {
		p := f.Position(fl.Span.Start)
		got = append(got, fmt.Sprintf("%s=%s@%d", fl.Name, fl.Value, p.Column))
	}
	for _, o := range ops {
		got = append(got, fmt.Sprintf("op %s@%d", o.Value, f.Position(o.Span.Start).Column))
	}
	want := "-n=@10 -v=@12 -q=@13 -O=-@14 --progress=dot:giga@17 --header=h@37 op -x@51 op y@54"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	_, calls, _ = callsOf(t, "FROM alpine\nRUN wget -nv x\n")
	flags, _ = calls[0].Flags(func(name string) bool { return name == "-n?" })
	if flags[0].Name != "-nv" {
		t.Errorf("with -n?, first flag = %q", flags[0].Name)
	}
}

func TestCallsNoShell(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM alpine\nRUN [\"ls\", \"-l\"]\nCOPY a b\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range f.Instructions {
		if c := in.Calls(); c != nil {
			t.Errorf("%s: Calls() = %v, want nil", in.Keyword, c)
		}
	}
}

func TestHasPipe(t *testing.T) {
	for src, want := range map[string]bool{
		"FROM a\nRUN a | b\n":             true,
		"FROM a\nRUN a && b || c\n":       false,
		"FROM a\nRUN sh -c 'a | b'\n":     false,
		"FROM a\nRUN x $(a | b)\n":        true,
		"FROM a\nRUN echo 'a | b' >> f\n": false,
		"FROM a\nRUN a |& b\n":            true,
	} {
		f, err := Parse("Dockerfile", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Instructions[1].HasPipe(); got != want {
			t.Errorf("%q: HasPipe() = %v, want %v", src, got, want)
		}
	}
}

func TestCallsConcurrent(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM a\nRUN a && b | c\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := f.Instructions[1]
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if n := len(in.Calls()); n != 3 {
				t.Errorf("got %d calls", n)
			}
		})
	}
	wg.Wait()
}

// TestCommandEmbedsCall checks that a command carries the call of the
// program it runs.
func TestCommandEmbedsCall(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM scratch\nRUN sudo -E /usr/bin/pip3 install -q x && curl -fsSL https://x | sh -s -- -y\n"))
	if err != nil {
		t.Fatal(err)
	}
	cmds := f.Stages[0].Instructions[0].Commands()
	if len(cmds) != 2 {
		t.Fatalf("got %d commands, want 2", len(cmds))
	}
	pip := cmds[0]
	if pip.Name != "/usr/bin/pip3" || pip.Call.Name != "pip3" || !pip.Wrapped || len(pip.Words) != 3 || pip.Words[0].Value != "install" {
		t.Errorf("pip command: Name %q, Call %+v", pip.Name, pip.Call)
	}
	remote := cmds[1]
	if remote.Call.Name != "curl" || !remote.InPipe || remote.Runner == nil || remote.Runner.Call.Name != "sh" || remote.Runner.Pipeline != remote.Pipeline {
		t.Errorf("remote script: Call %+v, Runner %+v", remote.Call, remote.Runner)
	}
}
