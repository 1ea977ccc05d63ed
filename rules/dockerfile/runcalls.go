package dockerfile

import (
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
// nil, without parsing the shell, when the RUN's text (heredocs and
// `sh -c` strings included) names none of them as a word of its own. A
// call's name is written in that text, so the test misses only names
// split by quotes or escapes (v"i"m, ap\t-get); a name built from a
// variable has no literal name to find in the calls either.
func runCallsNaming(f *df.File, in *df.Instruction, progs ...string) []df.Call {
	if in == nil || !in.Is("RUN") {
		return nil
	}
	if mentionsAny(f, in, progs) {
		return in.Calls()
	}
	return nil
}

// mentionsAny reports whether the text of in names one of words as a word
// of its own: a subcommand a rule looks for (install) is written in the
// text just as the program is.
func mentionsAny(f *df.File, in *df.Instruction, words []string) bool {
	for _, w := range words {
		if f.MentionsWord(in, w) {
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
