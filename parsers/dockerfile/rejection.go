package dockerfile

import (
	"errors"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/command"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/util/suggest"
)

// Rejection is an instruction BuildKit's instructions package refuses: an
// unknown keyword, a flag it does not accept, arguments it cannot read.
// BuildKit stops a build at the first; ballast records each and lints the
// instructions it accepts.
type Rejection struct {
	Instruction *Instruction
	// Message is BuildKit's error, without the location it adds.
	Message string
	// Span is where the error is: the unknown keyword, the refused flag,
	// else the arguments (the keyword when there are none).
	Span Span
	// Unknown is set when the keyword names no instruction.
	Unknown bool
}

// newRejection locates BuildKit's error err about in.
func newRejection(in *Instruction, err error) *Rejection {
	r := &Rejection{Instruction: in, Message: errorMessage(err)}
	if u, ok := errors.AsType[*instructions.UnknownInstructionError](err); ok {
		r.Unknown = true
		r.Span = in.KeywordSpan
		r.Message = unknownMessage(u)
		return r
	}
	at := in
	if in.Onbuild != nil {
		// parseOnBuild refuses the trigger itself, else the error is the
		// trigger's own.
		at = in.Onbuild
	}
	r.Span = at.ArgsSpan
	if at.ArgsSpan.End == at.ArgsSpan.Start {
		r.Span = at.KeywordSpan
	}
	if fl := namedFlag(at, r.Message); fl != nil {
		r.Span = fl.Span
	}
	return r
}

// unknownMessage is BuildKit's error for an unknown keyword, with the
// suggestion made over the keywords in order. BuildKit makes it over the
// keys of a map, which Go orders anew on each run: of two keywords equally
// close to a typo ("RM": ARG, CMD, FROM and RUN) it names either, and a
// report would change from run to run. In order, it names the one of them
// that comes first, every time.
func unknownMessage(u *instructions.UnknownInstructionError) string {
	names := make([]string, 0, len(command.Commands))
	for name := range command.Commands {
		names = append(names, strings.ToUpper(name))
	}
	slices.Sort(names)
	msg := u.Error()
	if match, ok := suggest.Search(u.Instruction, names, false); ok {
		msg += " (did you mean " + match + "?)"
	}
	return msg
}

// errorMessage is BuildKit's error text. Its location wrapper (a
// parser.LocationError) adds nothing to the text; the suggestion wrapper
// ("did you mean FROM?") is kept.
func errorMessage(err error) string {
	if loc, ok := errors.AsType[*parser.LocationError](err); ok {
		return loc.Unwrap().Error()
	}
	return err.Error()
}

// namedFlag returns the flag of in that BuildKit's flag error msg names
// ("unknown flag: --bogus", "missing a value on flag: --chmod",
// "expecting boolean value for flag --link, not: x"), or nil.
func namedFlag(in *Instruction, msg string) *Flag {
	for i := range in.Flags {
		name := "--" + in.Flags[i].Name
		for _, form := range []string{"flag: " + name, "flag " + name + ",", "flag specified: " + name} {
			if _, rest, found := strings.Cut(msg, form); found {
				if rest == "" || !isFlagNameByte(rest[0]) {
					return &in.Flags[i]
				}
			}
		}
	}
	return nil
}

func isFlagNameByte(c byte) bool {
	return c == '-' || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// InputErrors counts what makes BuildKit refuse the file: the rejected
// instructions and the instructions other than ARG before the first FROM.
// A fix must not add to it.
func (f *File) InputErrors() int {
	n := len(f.Rejected)
	for _, in := range f.MetaArgs {
		if in.kw != kwArg {
			n++
		}
	}
	return n
}
