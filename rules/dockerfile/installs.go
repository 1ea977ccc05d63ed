package dockerfile

import (
	"slices"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// eachInstall calls fn for every recognised installer of one of kinds in
// the RUN instructions of f, those wrapped by ONBUILD included.
func eachInstall(f *df.File, fn func(in *df.Instruction, c *df.Command), kinds ...df.Kind) {
	f.Walk(func(in *df.Instruction) {
		if !in.Is("RUN") || !mayInstall(f, in, kinds) {
			return
		}
		cmds := in.Commands()
		for i := range cmds {
			if slices.Contains(kinds, cmds[i].Kind) && !onlyPretends(&cmds[i]) {
				fn(in, &cmds[i])
			}
		}
	})
}

// onlyPretends reports whether an install only shows what it would do:
// apt-get's simulation (`apt-get install -s pkg`, as docker-library's
// postgres uses to test that a package exists) and pip's and the other
// tools' --dry-run install nothing, so nothing about them can be pinned,
// cached or trimmed.
func onlyPretends(c *df.Command) bool {
	if c.Kind == df.AptGetInstall {
		return c.Has("-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act")
	}
	return c.Has("--dry-run")
}

// mayInstall reports whether in can run an installer of one of kinds, a
// test that spares most RUNs their shell parse: File.MayMention of pip
// (which -mpip and pip3.12 hold), File.MayMentionWord of the other
// programs and of the subcommands. Other kinds are always possible.
func mayInstall(f *df.File, in *df.Instruction, kinds []df.Kind) bool {
	for _, k := range kinds {
		switch k {
		case df.PipInstall:
			if f.MayMention(in, "pip") && f.MayMentionWord(in, "install") {
				return true
			}
		case df.AptGetInstall:
			if f.MayMentionWord(in, "apt-get") && f.MayMentionWord(in, "install") {
				return true
			}
		case df.ApkAdd:
			if f.MayMentionWord(in, "apk") && f.MayMentionWord(in, "add") {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// subcommandSpan is build.SubcommandSpan.
func subcommandSpan(c *df.Command, sub string) (df.Span, bool) { return build.SubcommandSpan(c, sub) }

// insertAfterSubcommand is a fix inserting text right after the
// subcommand word of c; nil when the word cannot be found.
func insertAfterSubcommand(f *df.File, c *df.Command, sub, desc, text string) *analysis.SuggestedFix {
	sp, ok := subcommandSpan(c, sub)
	if !ok {
		return nil
	}
	return lint.Replace(f, desc, df.Span{Start: sp.End, End: sp.End}, text)
}

// headSpan is the span from the program to the end of its subcommand word
// ("apt-get install", "apk --quiet add"), or the whole call without one.
func headSpan(c *df.Command, sub string) df.Span {
	if sp, ok := subcommandSpan(c, sub); ok {
		return df.Span{Start: c.Span.Start, End: sp.End}
	}
	return c.Span
}
