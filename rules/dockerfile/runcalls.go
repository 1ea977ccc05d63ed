package dockerfile

import (
	"iter"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
)

// runCalls returns the simple commands of a shell-form RUN; nil for any
// other instruction.
func runCalls(in *df.Instruction) []df.Call {
	if in == nil || !in.Is("RUN") {
		return nil
	}
	return in.Calls()
}

// runCallsNaming is runCalls for a rule that only looks at calls of progs:
// nil, without parsing the shell, when File.MayMentionWord says the RUN cannot
// run any of them.
func runCallsNaming(f *df.File, in *df.Instruction, progs ...string) []df.Call {
	if in == nil || !in.Is("RUN") {
		return nil
	}
	if mentionsAny(f, in, progs) {
		return in.Calls()
	}
	return nil
}

// mentionsAny reports whether in may hold one of words (File.MayMentionWord):
// a program, or a subcommand a rule looks for (install).
func mentionsAny(f *df.File, in *df.Instruction, words []string) bool {
	for _, w := range words {
		if f.MayMentionWord(in, w) {
			return true
		}
	}
	return false
}

// eachRun calls fn for every RUN of the file; with onbuild, also for
// those wrapped by ONBUILD.
func eachRun(f *df.File, onbuild bool, fn func(in *df.Instruction)) {
	for _, in := range f.Instructions {
		if in.Is("RUN") {
			fn(in)
		}
		if onbuild && in.Onbuild != nil && in.Onbuild.Is("RUN") {
			fn(in.Onbuild)
		}
	}
}

// ownCalls yields the calls of the instruction's own script, not those
// inside `sh -c` strings or heredocs fed to a shell; a wrapped program
// (sudo apt-get) comes after its wrappers' calls.
func ownCalls(in *df.Instruction) iter.Seq[*df.Call] {
	return func(yield func(*df.Call) bool) {
		sc := in.Shell()
		calls := in.Calls()
		for i := range calls {
			if calls[i].Script == sc && !yield(&calls[i]) {
				return
			}
		}
	}
}
