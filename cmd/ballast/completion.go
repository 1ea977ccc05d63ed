package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules"
)

// commands are ballast's subcommands with what help says of them, for
// completion and for the suggestion of a mistyped one.
var commands = []struct{ name, about string }{
	{"check", "lint Dockerfiles"},
	{"cost", "what each dependency install downloads, writes and needs"},
	{"doctor", "check the machine that will build against the estimates"},
	{"rules", "list every rule"},
	{"explain", "print a rule's documentation"},
	{"lsp", "run the Language Server on stdin and stdout"},
	{"completion", "print a shell completion script"},
	{"version", "print the version"},
	{"help", "print the usage"},
}

func commandNames() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return names
}

// runCompletion is `ballast completion bash|zsh|fish`: the script is made
// from the flag sets and the registry of this binary, so it completes what
// this version accepts.
func runCompletion(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: ballast completion bash|zsh|fish")
		return exitError
	}
	spec := completionSpec()
	switch args[0] {
	case "bash":
		writeBash(stdout, spec)
	case "zsh":
		writeZsh(stdout, spec)
	case "fish":
		writeFish(stdout, spec)
	default:
		fmt.Fprintf(stderr, "ballast: completion: want bash, zsh or fish, got %q\n", args[0])
		return exitError
	}
	return exitOK
}

// compFlag is a flag as completion offers it.
type compFlag struct {
	name, about string
	// values the flag takes, when a fixed list; file or dir when it
	// names one; none for a boolean flag.
	values     []string
	list       bool // values are comma-separated (--select A,B)
	file, dir  bool
	takesValue bool
}

type compSpec struct {
	check, cost, doctor []compFlag
	codes               []string
}

func completionSpec() compSpec {
	var spec compSpec
	for _, r := range rules.All() {
		spec.codes = append(spec.codes, r.Code)
	}
	slices.Sort(spec.codes)
	values := map[string][]string{
		"format":            formats,
		"output-format":     formats,
		"preset":            {"ballast", "hadolint"},
		"failure-threshold": {"error", "warning", "info", "style"},
		"select":            spec.codes,
		"extend-select":     spec.codes,
		"ignore":            spec.codes,
	}
	files := map[string]bool{"o": true, "config": true, "stdin-filename": true}
	dirs := map[string]bool{"context": true, "cache-dir": true}
	flags := func(fs *flag.FlagSet, overrides map[string][]string) []compFlag {
		var out []compFlag
		fs.VisitAll(func(f *flag.Flag) {
			about, _, _ := strings.Cut(f.Usage, ";")
			about, _, _ = strings.Cut(about, " (")
			cf := compFlag{name: f.Name, about: strings.ReplaceAll(about, "`", ""), file: files[f.Name], dir: dirs[f.Name]}
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				cf.takesValue = true
			}
			cf.values = values[f.Name]
			if v, ok := overrides[f.Name]; ok {
				cf.values = v
			}
			cf.list = f.Name == "select" || f.Name == "extend-select" || f.Name == "ignore"
			out = append(out, cf)
		})
		return out
	}
	spec.check = flags(checkFlagSet(&checkFlags{}, io.Discard), nil)
	spec.cost = flags(costFlagSet(&costFlags{}, io.Discard), map[string][]string{"format": {"text", "json"}})
	spec.doctor = flags(doctorFlagSet(&doctorFlags{}, io.Discard), map[string][]string{"format": {"text", "json"}})
	return spec
}

// zshQuote quotes s for a zsh single-quoted _arguments spec, where [ ] :
// have meanings of their own.
func zshQuote(s string) string {
	s = strings.NewReplacer("[", "(", "]", ")", ":", " -", "'", "'\\''", "\\", "").Replace(s)
	return s
}

// fishQuote quotes s for fish's single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func writeBash(w io.Writer, spec compSpec) {
	var b strings.Builder
	b.WriteString("# bash completion for ballast; load with: source <(ballast completion bash)\n")
	b.WriteString("_ballast() {\n")
	b.WriteString("\tlocal cur prev cmd i\n")
	b.WriteString("\tcur=\"${COMP_WORDS[COMP_CWORD]}\"\n\tprev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n\tcmd=check\n")
	b.WriteString("\tfor ((i = 1; i < COMP_CWORD; i++)); do\n\t\tcase \"${COMP_WORDS[i]}\" in\n")
	fmt.Fprintf(&b, "\t\t%s) cmd=\"${COMP_WORDS[i]}\"; break ;;\n", strings.Join(commandNames(), "|"))
	b.WriteString("\t\t-*) ;;\n\t\t*) break ;;\n\t\tesac\n\tdone\n")
	b.WriteString("\tif [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then\n")
	fmt.Fprintf(&b, "\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\") $(compgen -f -- \"$cur\"))\n\t\treturn\n\tfi\n", strings.Join(commandNames(), " "))
	b.WriteString("\tcase $cmd in\n")
	for _, c := range []struct {
		name  string
		flags []compFlag
	}{{"check", spec.check}, {"cost", spec.cost}, {"doctor", spec.doctor}} {
		fmt.Fprintf(&b, "\t%s)\n\t\tcase $prev in\n", c.name)
		for _, f := range c.flags {
			if !f.takesValue {
				continue
			}
			fmt.Fprintf(&b, "\t\t-%s|--%s)\n", f.name, f.name)
			switch {
			case f.list:
				b.WriteString("\t\t\tlocal head=\"\"; [[ $cur == *,* ]] && head=\"${cur%,*},\"\n")
				fmt.Fprintf(&b, "\t\t\tCOMPREPLY=($(compgen -P \"$head\" -W %q -- \"${cur##*,}\")); return ;;\n", strings.Join(f.values, " "))
			case len(f.values) > 0:
				fmt.Fprintf(&b, "\t\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", strings.Join(f.values, " "))
			case f.dir:
				b.WriteString("\t\t\tCOMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n")
			case f.file:
				b.WriteString("\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n")
			default:
				b.WriteString("\t\t\treturn ;;\n")
			}
		}
		b.WriteString("\t\tesac\n")
		var names []string
		for _, f := range c.flags {
			names = append(names, "--"+f.name)
		}
		fmt.Fprintf(&b, "\t\tif [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi ;;\n", strings.Join(names, " "))
	}
	fmt.Fprintf(&b, "\texplain) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(spec.codes, " "))
	b.WriteString("\tcompletion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")) ;;\n")
	b.WriteString("\trules) COMPREPLY=($(compgen -W \"--format text markdown\" -- \"$cur\")) ;;\n")
	b.WriteString("\tesac\n}\n")
	b.WriteString("complete -o filenames -F _ballast ballast\n")
	_, _ = io.WriteString(w, b.String())
}

func writeZsh(w io.Writer, spec compSpec) {
	var b strings.Builder
	b.WriteString("#compdef ballast\n# zsh completion for ballast; load with: source <(ballast completion zsh), or save as _ballast in $fpath\n\n")
	args := func(flags []compFlag) string {
		var parts []string
		for _, f := range flags {
			s := "'--" + f.name + "[" + zshQuote(f.about) + "]"
			switch {
			case !f.takesValue:
			case f.list:
				s += ":" + f.name + ":_sequence compadd - " + strings.Join(f.values, " ")
			case len(f.values) > 0:
				s += ":" + f.name + ":(" + strings.Join(f.values, " ") + ")"
			case f.dir:
				s += ":" + f.name + ":_files -/"
			case f.file:
				s += ":" + f.name + ":_files"
			default:
				s += ":" + f.name + ": "
			}
			parts = append(parts, s+"'")
		}
		parts = append(parts, "'*:file:_files'")
		return strings.Join(parts, " \\\n\t\t\t")
	}
	b.WriteString("_ballast() {\n\tlocal -a commands\n\tcommands=(\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "\t\t'%s:%s'\n", c.name, zshQuote(c.about))
	}
	b.WriteString("\t)\n\tif (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n\t\t_describe command commands\n\t\t_files\n\t\treturn\n\tfi\n")
	b.WriteString("\tlocal cmd=$words[2]\n\tcase $cmd in\n")
	fmt.Fprintf(&b, "\tcost)\n\t\tshift words; (( CURRENT-- ))\n\t\t_arguments -S \\\n\t\t\t%s ;;\n", args(spec.cost))
	fmt.Fprintf(&b, "\tdoctor)\n\t\tshift words; (( CURRENT-- ))\n\t\t_arguments -S \\\n\t\t\t%s ;;\n", args(spec.doctor))
	fmt.Fprintf(&b, "\texplain) _values rule %s ;;\n", strings.Join(spec.codes, " "))
	b.WriteString("\tcompletion) _values shell bash zsh fish ;;\n")
	b.WriteString("\trules) _arguments '--format[output format]:format:(text markdown)' ;;\n")
	b.WriteString("\tversion|help) ;;\n")
	fmt.Fprintf(&b, "\t*)\n\t\t[[ $cmd == check ]] && { shift words; (( CURRENT-- )) }\n\t\t_arguments -S \\\n\t\t\t%s ;;\n", args(spec.check))
	b.WriteString("\tesac\n}\n\n")
	b.WriteString("if [[ $funcstack[1] == _ballast ]]; then\n\t_ballast \"$@\"\nelse\n\tcompdef _ballast ballast\nfi\n")
	_, _ = io.WriteString(w, b.String())
}

func writeFish(w io.Writer, spec compSpec) {
	var b strings.Builder
	b.WriteString("# fish completion for ballast; load with: ballast completion fish | source\n")
	names := strings.Join(commandNames(), " ")
	fmt.Fprintf(&b, "complete -c ballast -n 'not __fish_seen_subcommand_from %s' -a check -d %s\n", names, fishQuote(commands[0].about))
	for _, c := range commands[1:] {
		fmt.Fprintf(&b, "complete -c ballast -n 'not __fish_seen_subcommand_from %s' -a %s -d %s\n", names, c.name, fishQuote(c.about))
	}
	for _, c := range []struct {
		cond  string
		flags []compFlag
	}{
		{"not __fish_seen_subcommand_from cost doctor rules explain completion version help", spec.check},
		{"__fish_seen_subcommand_from cost", spec.cost},
		{"__fish_seen_subcommand_from doctor", spec.doctor},
	} {
		for _, f := range c.flags {
			fmt.Fprintf(&b, "complete -c ballast -n %s -l %s", fishQuote(c.cond), f.name)
			if f.takesValue {
				b.WriteString(" -r")
			}
			switch {
			case len(f.values) > 0:
				fmt.Fprintf(&b, " -f -a %s", fishQuote(strings.Join(f.values, " ")))
			case f.dir:
				b.WriteString(" -f -a '(__fish_complete_directories)'")
			case f.file:
				b.WriteString(" -F")
			}
			fmt.Fprintf(&b, " -d %s\n", fishQuote(f.about))
		}
	}
	fmt.Fprintf(&b, "complete -c ballast -n '__fish_seen_subcommand_from explain' -f -a %s\n", fishQuote(strings.Join(spec.codes, " ")))
	b.WriteString("complete -c ballast -n '__fish_seen_subcommand_from completion' -f -a 'bash zsh fish'\n")
	b.WriteString("complete -c ballast -n '__fish_seen_subcommand_from rules' -l format -r -f -a 'text markdown' -d 'output format'\n")
	_, _ = io.WriteString(w, b.String())
}
