package dockerfile

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// The program a call runs, seen through assignments and the wrappers
// (sudo, env, exec, time, nohup, nice, command) that run it.

// unwrapped is a call seen through its wrappers.
type unwrapped struct {
	call *syntax.CallExpr
	env  map[string]string
	prog int    // index of the program word in call.Args
	name string // program as written
	base string // program without its directory
	// wrappers are the indexes in call.Args of the wrappers seen through.
	wrappers []int
}

// unwrap skips leading assignments and the wrappers sudo, env, exec, time,
// nohup, nice and command. It returns nil when there is no program. A
// program named by an expansion has base "" unless a literal directory
// and name follow the expansion ("$VENV/bin/pip").
func unwrap(sc *Script, call *syntax.CallExpr) *unwrapped {
	u := unwrapAll(sc, call)
	if u.prog < 0 {
		return nil
	}
	return u
}

// unwrapAll is unwrap recording every wrapper; prog is -1 when there is
// no program to run.
func unwrapAll(sc *Script, call *syntax.CallExpr) *unwrapped {
	u := &unwrapped{}
	u.fill(sc, call)
	return u
}

// fill sets the zero u as unwrapAll describes, so that a caller can keep
// u off the heap.
func (u *unwrapped) fill(sc *Script, call *syntax.CallExpr) {
	u.call, u.prog = call, -1
	for _, a := range call.Assigns {
		if a.Name != nil {
			val := ""
			if a.Value != nil {
				val, _ = wordString(sc, a.Value)
			}
			u.setEnv(a.Name.Value, val)
		}
	}
	args := call.Args
	i := 0
	for i < len(args) {
		name, lit := wordString(sc, args[i])
		base := name[strings.LastIndexByte(name, '/')+1:]
		if !lit {
			// "$VENV/bin/pip" is still pip: a literal directory and name
			// after the expansion.
			// Otherwise the base stays "": "$PYTHON" -m pip is known by its
			// arguments alone.
			suffix := literalSuffix(args[i])
			base = ""
			if j := strings.LastIndexByte(suffix, '/'); j >= 0 {
				base = suffix[j+1:]
			}
		}
		w, ok := wrapperOf(base)
		if !ok || !lit {
			u.prog, u.name, u.base = i, name, base
			return
		}
		u.wrappers = append(u.wrappers, i)
		i++
		for i < len(args) {
			s, lit := wordString(sc, args[i])
			if !lit {
				break
			}
			if s == "--" && w.dashdash {
				i++
				break
			}
			if w.assigns && isAssignment(s) {
				k, v, _ := strings.Cut(s, "=")
				u.setEnv(k, v)
				i++
				continue
			}
			if len(s) < 2 || s[0] != '-' {
				break
			}
			if slices.Contains(w.stop, s) {
				return // command -v pip: a lookup, not a run
			}
			i++
			if slices.Contains(w.valueOpts, s) && !strings.Contains(s, "=") {
				i++ // the option's value
			}
		}
	}
}

func (u *unwrapped) setEnv(k, v string) {
	if u.env == nil {
		u.env = map[string]string{}
	}
	u.env[k] = v
}

var assignRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`) })

func isAssignment(s string) bool { return assignRe().MatchString(s) }

// wrapper describes a program that runs another one.
type wrapper struct {
	name      string
	valueOpts []string // its options that take a value
	stop      []string // options that make it not run the program
	assigns   bool     // accepts VAR=x before the program
	dashdash  bool     // `--` ends its options
}

// wrappers is a slice the compiler lays out, where a map would be built
// at every start-up; it is short enough to search in order.
var wrappers = []wrapper{
	{name: "sudo", valueOpts: []string{"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "--user", "--group",
		"--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--command-timeout", "--other-user"},
		assigns: true, dashdash: true},
	{name: "env", valueOpts: []string{"-u", "--unset", "-C", "--chdir"}, assigns: true, dashdash: true},
	{name: "exec", valueOpts: []string{"-a"}, dashdash: true},
	{name: "time", valueOpts: []string{"-f", "--format", "-o", "--output"}, dashdash: true},
	{name: "nohup", dashdash: true},
	{name: "nice", valueOpts: []string{"-n", "--adjustment"}, dashdash: true},
	{name: "command", stop: []string{"-v", "-V"}, dashdash: true},
}

// wrapperOf finds a program in the wrappers table.
func wrapperOf(base string) (*wrapper, bool) {
	for i := range wrappers {
		if wrappers[i].name == base {
			return &wrappers[i], true
		}
	}
	return nil, false
}
