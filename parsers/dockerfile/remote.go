package dockerfile

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Remote scripts: a download fed to an interpreter, through a pipe, a
// process or command substitution, or a shell's -c string.

// pipeline looks for a download piped into an interpreter among the
// stages of top; the walk asks once per pipeline, not for its inner pipes.
func (sw *shellWalker) pipeline(sc *Script, top *syntax.BinaryCmd) {
	var stages []*syntax.Stmt
	var flatten func(s *syntax.Stmt)
	flatten = func(s *syntax.Stmt) {
		if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && isPipe(b.Op) {
			flatten(b.X)
			flatten(b.Y)
			return
		}
		stages = append(stages, s)
	}
	flatten(top.X)
	flatten(top.Y)
	var fetch *Command
	for _, st := range stages {
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok {
			continue
		}
		u := unwrap(sc, call)
		if u == nil {
			continue
		}
		switch {
		case fetch == nil && downloaderFlags(u.base) != nil:
			fetch = sw.build(sc, call, u, RemoteScript, downloaderFlags(u.base))
		case fetch != nil && readsStdin(sc, u):
			r := sw.build(sc, call, u, Interpreter, interpreterFlags(u.base))
			f := *fetch
			f.Runner = r
			sw.cmds = append(sw.cmds, f)
			return
		}
	}
}

// isShell reports whether a program is a POSIX-like shell.
func isShell(base string) bool {
	switch base {
	case "sh", "bash", "dash", "ash", "ksh", "mksh", "zsh":
		return true
	}
	return false
}

// interpreters are the programs that run a script read from stdin or a
// file: shells, Python, Perl, Ruby, Node.
func interpreters(base string) bool {
	switch base {
	case "perl", "ruby", "node":
		return true
	}
	return isShell(base) || isPython(base)
}

// shellInvocation is what a shell's options say about its script.
type shellInvocation struct {
	command  *syntax.Word // the -c string
	operands []*syntax.Word
	stdin    bool // -s: the script is stdin even with operands
}

// shellArgs reads sh/bash options: clusters such as -euxc, -o/+o OPT,
// -O/+O OPT, --rcfile FILE; -c takes the first operand as the script.
func shellArgs(sc *Script, rest []*syntax.Word) shellInvocation {
	var inv shellInvocation
	dashC := false
	i := 0
	for ; i < len(rest); i++ {
		s, lit := wordString(sc, rest[i])
		if !lit || len(s) < 2 || (s[0] != '-' && s[0] != '+') {
			break
		}
		if s == "--" || s == "-" {
			if s == "--" {
				i++
			}
			break
		}
		if strings.HasPrefix(s, "--") {
			if s == "--rcfile" || s == "--init-file" {
				i++
			}
			continue
		}
		for k := 1; k < len(s); k++ {
			switch s[k] {
			case 'c':
				dashC = true
			case 's':
				inv.stdin = true
			case 'o', 'O':
				if k == len(s)-1 {
					i++
				}
				k = len(s)
			}
		}
	}
	ops := rest[min(i, len(rest)):]
	if dashC && len(ops) > 0 {
		inv.command = ops[0]
		return inv
	}
	inv.operands = ops
	return inv
}

// shellRemote reports a download run by a call of sh, bash, …: in its
// script string or in a process substitution.
func (sw *shellWalker) shellRemote(sc *Script, st *syntax.Stmt, u *unwrapped, rest []*syntax.Word) {
	inv := shellArgs(sc, rest)
	if inv.command != nil {
		sw.substituted(sc, u, inv.command)
		return
	}
	sw.interpreterArgs(sc, st, u, rest)
}

// interpreterArgs reports `bash <(curl …)` and `sh < <(curl …)`.
func (sw *shellWalker) interpreterArgs(sc *Script, st *syntax.Stmt, u *unwrapped, rest []*syntax.Word) {
	for _, w := range rest {
		if sw.substituted(sc, u, w) {
			return
		}
	}
	for _, r := range st.Redirs {
		if r.Op == syntax.RdrIn && r.Word != nil && sw.substituted(sc, u, r.Word) {
			return
		}
	}
}

// substituted reports (and records) a download inside a command or
// process substitution of word w that the interpreter u runs.
func (sw *shellWalker) substituted(sc *Script, u *unwrapped, w *syntax.Word) bool {
	var found *Command
	syntax.Walk(w, func(n syntax.Node) bool {
		if found != nil {
			return false
		}
		var stmts []*syntax.Stmt
		switch n := n.(type) {
		case *syntax.CmdSubst:
			stmts = n.Stmts
		case *syntax.ProcSubst:
			if n.Op != syntax.CmdIn {
				return false
			}
			stmts = n.Stmts
		default:
			return true
		}
		for _, s := range stmts {
			syntax.Walk(s, func(n syntax.Node) bool {
				call, ok := n.(*syntax.CallExpr)
				if !ok || found != nil {
					return found == nil
				}
				if d := unwrap(sc, call); d != nil && downloaderFlags(d.base) != nil {
					found = sw.build(sc, call, d, RemoteScript, downloaderFlags(d.base))
				}
				return true
			})
		}
		return false
	})
	if found == nil {
		return false
	}
	found.Runner = sw.build(sc, u.call, u, Interpreter, interpreterFlags(u.base))
	sw.cmds = append(sw.cmds, *found)
	return true
}

// readsStdin reports whether the interpreter call u runs the script it
// reads on stdin: no script operand, `-`, /dev/stdin, or sh -s.
func readsStdin(sc *Script, u *unwrapped) bool {
	if !interpreters(u.base) {
		return false
	}
	rest := u.call.Args[u.prog+1:]
	var ops []*syntax.Word
	if isShell(u.base) {
		inv := shellArgs(sc, rest)
		if inv.command != nil {
			return false
		}
		if inv.stdin {
			return true
		}
		ops = inv.operands
	} else {
		i := 0
	loop:
		for ; i < len(rest); i++ {
			s, lit := wordString(sc, rest[i])
			switch {
			case !lit || len(s) < 2 || s[0] != '-':
				break loop
			case s == "--":
				i++
				break loop
			case s == "-c" || s == "-m" || s == "-e" || s == "-E":
				return false
			case s == "-W" || s == "-X" || s == "-I" || s == "-r":
				i++
			}
		}
		ops = rest[min(i, len(rest)):]
	}
	if len(ops) == 0 {
		return true
	}
	s, _ := wordString(sc, ops[0])
	return s == "-" || s == "/dev/stdin"
}

// downloaderFlags is the option table of a program that downloads a
// script, nil for any other.
func downloaderFlags(base string) flagTable {
	switch base {
	case "curl":
		return curlFlags
	case "wget":
		return wgetFlags
	}
	return nil
}

func curlFlags(s string) bool {
	switch s {
	case "-o", "--output", "-H", "--header", "-X", "--request", "-d", "--data", "--data-binary",
		"--data-raw", "--data-urlencode", "-u", "--user", "-A", "--user-agent", "-e", "--referer", "-x",
		"--proxy", "--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "-m",
		"--max-time", "-w", "--write-out", "--proto", "--proto-redir", "-b", "--cookie", "-c",
		"--cookie-jar", "-F", "--form", "-T", "--upload-file", "-r", "--range", "-C", "--continue-at",
		"-K", "--config", "--cacert", "--capath", "-E", "--cert", "--key", "--resolve", "--url", "-z",
		"--time-cond", "--limit-rate", "-Y", "--speed-limit", "-y", "--speed-time", "--max-redirs",
		"--output-dir", "--netrc-file", "--oauth2-bearer":
		return true
	}
	return false
}

// wgetFlags lists "-n?" to mark -nv, -nc … as two-letter options.
func wgetFlags(s string) bool {
	switch s {
	case "-O", "--output-document", "-o", "--output-file", "-a", "--append-output", "-P",
		"--directory-prefix", "-t", "--tries", "-T", "--timeout", "-U", "--user-agent", "-e",
		"--execute", "--header", "--user", "--password", "--post-data", "--post-file", "-i",
		"--input-file", "-B", "--base", "--ca-certificate", "--certificate", "-w", "--wait",
		"--limit-rate", "-Q", "--quota", "--progress", "--secure-protocol", "-n?":
		return true
	}
	return false
}

func interpreterFlags(base string) flagTable {
	if isShell(base) {
		return shellFlags
	}
	return pythonFlags
}

func shellFlags(s string) bool {
	switch s {
	case "-o", "+o", "-O", "+O", "--rcfile", "--init-file":
		return true
	}
	return false
}

func pythonFlags(s string) bool {
	switch s {
	case "-W", "-X", "-m", "-c":
		return true
	}
	return false
}
