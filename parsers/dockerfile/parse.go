// Package dockerfile parses Dockerfiles with BuildKit's own parser and
// instructions packages and adds what they lack: exact byte positions for
// every instruction, flag, argument, heredoc body and RUN script, and the
// shell inside RUN parsed into a syntax tree whose nodes map back to the
// Dockerfile. Instruction.Commands recognises the installers (uv, pip,
// poetry, conda, apt, apk, dnf/yum) and remote scripts piped into a shell
// that the script runs, with their options and operands.
package dockerfile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"mvdan.cc/sh/v3/syntax"
)

// File is a parsed Dockerfile.
type File struct {
	Name string
	Src  []byte
	TF   *token.File
	// AST is BuildKit's parse result, kept for rules that reuse BuildKit code.
	AST    *parser.Result
	Escape byte
	// Directives are the parser directives (syntax, escape, check) at the top.
	Directives []Directive
	// Instructions holds every top-level instruction in source order.
	Instructions []*Instruction
	// MetaArgs are the instructions before the first FROM: ARGs, and
	// any other instruction, which BuildKit refuses but hadolint keeps
	// (and DL3061 reports). They belong to no stage.
	MetaArgs []*Instruction
	Stages   []*Stage
	// Rejected are the instructions BuildKit's instructions package
	// refuses (unknown keyword, flag or arguments it does not accept),
	// in source order. They are left out of Instructions, MetaArgs and
	// the stages, so that rules see only instructions BuildKit can build.
	Rejected []*Rejection
	// Warnings are BuildKit's parser warnings (empty continuation lines).
	Warnings []parser.Warning
	// LintWarnings are what BuildKit's instructions.Parse reported through
	// its linter (every rule enabled, experimental ones included); rules
	// filter them by name and by the file's check configuration.
	LintWarnings []LintWarning

	scopeOnce sync.Once
	varScope  *Scope
}

// Directive is a parser directive such as `# check=skip=all`.
type Directive struct {
	Name  string // lower case: syntax, escape or check
	Value string
	Line  int
	Span  Span // the whole comment line
}

// LintWarning is one warning BuildKit's parse-time linter emitted.
type LintWarning struct {
	Rule    string
	Message string
	Line    int
}

// Stage is one FROM and the instructions under it.
type Stage struct {
	Index int
	// Name is the stage name, lower-cased as BuildKit does; "" when unnamed.
	Name         string
	From         *Instruction
	Typed        *instructions.Stage
	Instructions []*Instruction
}

// Instruction is one Dockerfile instruction with exact positions.
type Instruction struct {
	Node *parser.Node
	// Keyword is the instruction name as written (case kept).
	Keyword     string
	KeywordSpan Span
	// Span runs from the keyword to the end of the last line, heredoc
	// terminators included; line terminators are excluded.
	Span               Span
	StartLine, EndLine int
	Flags              []Flag
	// ArgsSpan covers the arguments after the flags.
	ArgsSpan Span
	// Args are the arguments: the JSON strings in exec form (for
	// HEALTHCHECK, those after CMD); for ENV, LABEL and ARG the words as
	// BuildKit splits them (quotes kept, blanks inside quotes too);
	// otherwise the blank-separated words of the logical line.
	Args     []Word
	JSON     bool
	Heredocs []Heredoc
	// Command is BuildKit's typed instruction (nil for FROM: see Stage.Typed).
	Command instructions.Command
	// Stage is the stage the instruction belongs to, nil for meta ARGs.
	Stage *Stage
	// Onbuild is the instruction wrapped by ONBUILD.
	Onbuild *Instruction
	// Comments are the comment lines directly above, as BuildKit keeps them.
	Comments []string

	logical     *text
	logicalText text // what logical points to, but for ONBUILD's instruction
	argsAt      int  // index in logical where the arguments start

	commands *commandCache // set when shell is
	// fold is the instruction's text as MayMention reads it, made on
	// first use (rules of one unit may ask concurrently, and may both
	// make it).
	fold atomic.Pointer[folded]
	kw   keyword
	// keyFirst is the first byte of Keyword, and keyMask every bit but
	// the ASCII case bit, when Keyword is known to be ASCII and not empty
	// and its first letter is none that a non-ASCII letter folds to (the
	// Kelvin sign to k, the long s to s); both are 0 otherwise.
	keyFirst, keyMask byte

	// The shell is parsed on first use: most rules never look at it, and
	// the shell parser is the costliest part of parsing.
	shell     *Script
	shellOnce sync.Once
	shellFile *File // set when the instruction runs a POSIX shell
}

// Shell returns the parsed shell of a shell-form RUN, CMD, ENTRYPOINT or
// HEALTHCHECK CMD, parsing it on first use; nil for exec form, other
// instructions, and scripts under a non-POSIX SHELL (PowerShell, cmd).
func (in *Instruction) Shell() *Script {
	in.shellOnce.Do(func() {
		if in.shellFile == nil {
			return
		}
		sh := shellParsers.Get().(*syntax.Parser)
		in.shellFile.parseShell(sh, in)
		shellParsers.Put(sh)
	})
	return in.shell
}

// keyword identifies the instructions the parser treats specially.
type keyword uint8

const (
	kwOther keyword = iota
	kwFrom
	kwRun
	kwCmd
	kwEntrypoint
	kwHealthcheck
	kwOnbuild
	kwEnv
	kwLabel
	kwArg
)

var keywords = []struct {
	name string
	kw   keyword
}{
	{"from", kwFrom}, {"run", kwRun}, {"cmd", kwCmd}, {"entrypoint", kwEntrypoint},
	{"healthcheck", kwHealthcheck}, {"onbuild", kwOnbuild}, {"env", kwEnv}, {"label", kwLabel}, {"arg", kwArg},
}

func keywordOf(s string) keyword {
	for _, k := range keywords {
		if len(k.name) == len(s) && strings.EqualFold(k.name, s) {
			return k.kw
		}
	}
	return kwOther
}

// Is reports whether the instruction's keyword is name, ignoring case.
func (in *Instruction) Is(name string) bool {
	// Rules ask this of every instruction, mostly about another keyword:
	// a first byte that differs from the keyword's, case folded, settles
	// it, as an ASCII letter folds to no other ASCII letter than its other
	// case, and to no non-ASCII letter when keyMask is set. One masked
	// comparison keeps Is within the inlining budget, so that this test
	// costs the rules no call.
	if len(name) > 0 && (name[0]^in.keyFirst)&in.keyMask != 0 {
		return false
	}
	return in.is(name)
}

func (in *Instruction) is(name string) bool {
	if in.keyMask == 0 && !isASCII(in.Keyword) {
		return strings.EqualFold(in.Keyword, name)
	}
	if len(in.Keyword) != len(name) {
		// Unicode case folding matches an ASCII keyword to a longer name
		// (the Kelvin sign folds to k), never to a shorter one.
		return len(name) > len(in.Keyword) && !isASCII(name) && strings.EqualFold(in.Keyword, name)
	}
	if in.Keyword == name {
		return true // the keyword as the rule writes it, the usual case
	}
	// Compare bytes folded to lower case. A non-ASCII byte in name never
	// matches, as a name of the keyword's length with a multi-byte letter
	// has fewer letters.
	for i := range len(name) {
		if lowerASCII(in.Keyword[i]) != lowerASCII(name[i]) {
			return false
		}
	}
	return true
}

// keyFirst is Instruction.keyFirst and keyMask of a keyword.
func keyFirst(keyword string) (first, mask byte) {
	if keyword == "" || !isASCII(keyword) {
		return 0, 0
	}
	switch keyword[0] | 0x20 {
	case 'k', 's':
		return 0, 0
	default:
		return keyword[0], ^byte(0x20)
	}
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ArgsText is the logical argument text: continuation lines joined and
// comment lines removed, exactly what BuildKit reads.
func (in *Instruction) ArgsText() string { return in.logical.s[in.argsAt:] }

// ArgsTextSpan maps the byte range [i, j) of ArgsText back to the source.
func (in *Instruction) ArgsTextSpan(i, j int) Span {
	return in.logical.span(in.argsAt+i, in.argsAt+j)
}

// Flag is a `--name=value` builder flag.
type Flag struct {
	Name, Value string
	// HasValue is false for a bare `--link`.
	HasValue  bool
	Span      Span
	ValueSpan Span
}

// Flag returns the first flag named name, or nil.
func (in *Instruction) Flag(name string) *Flag {
	for i := range in.Flags {
		if in.Flags[i].Name == name {
			return &in.Flags[i]
		}
	}
	return nil
}

// Word is one argument with its source span.
type Word struct {
	Value string
	Span  Span
}

// Heredoc is a here-document attached to RUN, COPY or ADD.
type Heredoc struct {
	parser.Heredoc
	// Body spans the content lines; Terminator spans the closing word.
	Body       Span
	Terminator Span
}

// Error is a parse error with the place it happened.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
}

// Parse parses src into a new file set of its own.
func Parse(name string, src []byte) (*File, error) {
	return ParseFile(token.NewFileSet(), name, src)
}

// ParseFile parses src and adds it to fset under name.
func ParseFile(fset *token.FileSet, name string, src []byte) (*File, error) {
	starts := input.LineStarts(src)
	if err := checkText(name, src, starts); err != nil {
		return nil, err
	}
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, locate(name, err)
	}
	f := &File{Name: name, Src: src, AST: res, Escape: byte(res.EscapeToken), Warnings: res.Warnings}
	f.TF = fset.AddFile(name, -1, len(src))
	f.TF.SetLines(starts)
	input.SkipBOM(f.TF, src)
	if err := f.scan(lines{src, starts}); err != nil {
		return nil, err
	}
	lint := linter.New(&linter.Config{ExperimentalAll: true, Warn: func(rule, _, _, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		f.LintWarnings = append(f.LintWarnings, LintWarning{Rule: rule, Message: msg, Line: line})
	}})
	f.attach(lint)
	if len(f.Instructions) == 0 && len(f.Rejected) > 0 && !slices.ContainsFunc(f.Rejected, func(r *Rejection) bool { return !r.Unknown }) {
		// Not one instruction BuildKit knows: this is no Dockerfile (a
		// README, a script), and a finding per line would say nothing.
		r := f.Rejected[0]
		pos := f.Position(r.Span.Start)
		return nil, &Error{File: name, Line: pos.Line, Msg: r.Message}
	}
	return f, nil
}

// maxLine is the longest line BuildKit's scanner accepts (bufio's default
// token limit, the line terminator included).
const maxLine = bufio.MaxScanTokenSize - 1

// checkText rejects input that is not a text Dockerfile before BuildKit sees
// it, and lines too long for BuildKit's scanner: it would report those at
// the wrong line, or as "file with no instructions" when it is the first.
func checkText(name string, src []byte, starts []int) error {
	for i, start := range starts {
		next := len(src) + 1 // as if a newline followed
		if i+1 < len(starts) {
			next = starts[i+1]
		}
		if next-1-start > maxLine {
			return &Error{File: name, Line: i + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
		}
	}
	if before, _, ok := bytes.Cut(src, []byte{0}); ok {
		return &Error{File: name, Line: bytes.Count(before, []byte("\n")) + 1, Msg: "binary file (NUL byte); not a Dockerfile"}
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				line := bytes.Count(src[:i], []byte("\n")) + 1
				col := i - (bytes.LastIndexByte(src[:i], '\n') + 1) + 1
				if line == 1 {
					col -= input.BOMLen(src)
				}
				return &Error{File: name, Line: line, Col: col, Msg: "invalid UTF-8"}
			}
			i += n
		}
	}
	return nil
}

// locate turns a BuildKit error into an Error naming the file and line.
func locate(name string, err error) error {
	var loc *parser.LocationError
	line := 0
	if errors.As(err, &loc) && len(loc.Locations) > 0 && len(loc.Locations[0]) > 0 {
		line = loc.Locations[0][0].Start.Line
	}
	msg := err.Error()
	const prefix = "dockerfile parse error on line "
	if i := strings.Index(msg, prefix); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			// instructions.Parse names the line only in its message when
			// the inner error carries no location.
			if n, err := strconv.Atoi(msg[i+len(prefix) : i+j]); err == nil && line == 0 {
				line = n
			}
			msg = msg[:i] + msg[i+j+2:]
		}
	}
	// BuildKit counts lines from 0 before reading the first: an empty
	// file fails "at line 0".
	return &Error{File: name, Line: max(line, 1), Msg: msg}
}

// Pos converts a byte offset to a token.Pos in the file set.
func (f *File) Pos(offset int) token.Pos {
	if offset > f.TF.Size() {
		offset = f.TF.Size()
	}
	return f.TF.Pos(offset)
}

// Position converts a byte offset to a line and column.
func (f *File) Position(offset int) token.Position {
	return f.TF.Position(f.Pos(offset))
}

// LineSpan is the span of the 1-based line n, terminator excluded.
func (f *File) LineSpan(n int) Span {
	if n < 1 || n > f.TF.LineCount() {
		return Span{f.TF.Size(), f.TF.Size()}
	}
	start := f.TF.Offset(f.TF.LineStart(n))
	end := start
	for end < len(f.Src) && f.Src[end] != '\n' {
		end++
	}
	return Span{start, trimCR(f.Src, start, end)}
}

// Check returns the value of the `# check=` directive, if any.
func (f *File) Check() (Directive, bool) {
	for _, d := range f.Directives {
		if d.Name == "check" {
			return d, true
		}
	}
	return Directive{}, false
}

// Walk calls fn for every instruction, including those wrapped by ONBUILD.
func (f *File) Walk(fn func(*Instruction)) {
	for _, in := range f.Instructions {
		fn(in)
		if in.Onbuild != nil {
			fn(in.Onbuild)
		}
	}
}

// scan walks the physical lines the way BuildKit's parser does, recording
// where each instruction, its continuation lines and heredocs are.
func (f *File) scan(lines lines) error {
	src := f.Src
	bom := 0
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		bom = 3
	}
	children := f.AST.AST.Children
	var dp parser.DirectiveParser
	inDirectives := true
	var pieces []Span // the source pieces of one logical line
	k := 0
	f.Instructions = make([]*Instruction, 0, len(children))
	// Each child becomes at most one instruction: allocate them together
	// rather than one by one.
	block := make([]Instruction, len(children))
	for li := 0; li < lines.len(); li++ {
		l := lines.at(li)
		if li == 0 {
			l.start += bom
			if l.start > l.end {
				l.start = l.end
			}
		}
		start := skipSpaces(src, l.start, l.end)
		if inDirectives {
			// BuildKit looks for directives after trimming leading blanks;
			// the first line that is none ends the block. (A line without
			// "#" and "=" is none: skip the regular expression.)
			var d *parser.Directive
			if start < l.end && src[start] == '#' && bytes.IndexByte(src[start:l.end], '=') >= 0 {
				d, _ = dp.ParseLine(src[start:l.end])
			}
			if d != nil {
				f.Directives = append(f.Directives, Directive{Name: d.Name, Value: d.Value, Line: li + 1, Span: Span{l.start, l.end}})
			}
			inDirectives = d != nil
		}
		if start < l.end && src[start] == '#' {
			continue // a comment line
		}
		tok, cont := continuation(src, start, l.end, f.Escape)
		// A line holding only the escape token still starts an instruction
		// in BuildKit: the keyword comes on a later line.
		if !cont && start == l.end {
			continue
		}
		if k >= len(children) {
			return &Error{File: f.Name, Line: li + 1, Msg: "internal: instruction not found in BuildKit's parse"}
		}
		node := children[k]
		k++
		end := l.end
		if cont {
			end = tok
		}
		pieces = append(pieces[:0], Span{start, end})
		last := l
		for cont && li+1 < lines.len() {
			li++
			l = lines.at(li)
			if i := skipSpaces(src, l.start, l.end); i == l.end || src[i] == '#' {
				continue // a blank or comment line inside the instruction
			}
			last = l
			tok, cont = continuation(src, l.start, l.end, f.Escape)
			end = l.end
			if cont {
				end = tok
			}
			pieces = append(pieces, Span{l.start, end})
		}
		in := &block[k-1]
		in.Node, in.StartLine, in.EndLine, in.Comments = node, node.StartLine, node.EndLine, node.PrevComment
		in.logical = &in.logicalText
		in.logical.join(src, pieces, node.Original)
		in.logical.end = last.end
		spanEnd := last.end
		for _, hd := range node.Heredocs {
			h := Heredoc{Heredoc: hd}
			bodyStart := len(src)
			if li+1 < lines.len() {
				bodyStart = lines.at(li + 1).start
			}
			for li+1 < lines.len() {
				li++
				l = lines.at(li)
				word := src[l.start:l.end]
				if hd.Chomp {
					word = bytes.TrimLeft(word, "\t")
				}
				if string(word) == hd.Name {
					h.Body = Span{bodyStart, l.start}
					h.Terminator = Span{l.end - len(word), l.end}
					spanEnd = l.end
					break
				}
			}
			in.Heredocs = append(in.Heredocs, h)
		}
		f.analyze(in, node, 0)
		in.Span.End = spanEnd
		if in.Onbuild != nil {
			in.Onbuild.Span.End = spanEnd
		}
		f.Instructions = append(f.Instructions, in)
	}
	return nil
}

// analyze finds the keyword, flags and arguments of in within its logical
// text, starting at index at (non-zero for the instruction ONBUILD wraps).
// It splits the text the way BuildKit's splitCommand does: the line is
// trimmed of Unicode blanks, the keyword ends at the first [\t\v\f\r ].
func (f *File) analyze(in *Instruction, node *parser.Node, at int) {
	t := in.logical
	s := t.s
	n := trimSpacesRight(s, at, len(s))
	i := skipSpaces(s, at, n)
	j := i
	for j < n && !isSpace(s[j]) {
		j++
	}
	in.Keyword = s[i:j]
	in.kw = keywordOf(in.Keyword)
	in.keyFirst, in.keyMask = keyFirst(in.Keyword)
	in.KeywordSpan = t.span(i, j)
	in.Span = Span{in.KeywordSpan.Start, t.end}
	if len(s) > 0 {
		in.Span.End = t.span(len(s)-1, len(s)).End
	}
	in.JSON = node.Attributes["json"]
	argsAt := f.scanFlags(in, j, n)
	in.argsAt = argsAt
	in.ArgsSpan = t.span(argsAt, n)
	if in.ArgsSpan.End < in.ArgsSpan.Start {
		in.ArgsSpan.End = in.ArgsSpan.Start
	}
	if in.kw == kwOnbuild && node.Next != nil && len(node.Next.Children) > 0 {
		sub := &Instruction{Node: node.Next.Children[0], StartLine: in.StartLine, EndLine: in.EndLine, logical: in.logical, Heredocs: in.Heredocs}
		f.analyze(sub, sub.Node, argsAt)
		sub.Span.End = in.Span.End
		in.Onbuild = sub
		return
	}
	switch {
	case in.JSON && in.kw == kwHealthcheck:
		if i, ok := healthcheckCmd(s, argsAt, n); ok {
			in.Args = jsonWords(t, i)
		}
	case in.JSON:
		in.Args = jsonWords(t, argsAt)
	case in.kw == kwEnv || in.kw == kwLabel || in.kw == kwArg:
		in.Args = f.quotedWords(t, argsAt, n)
	default:
		in.Args = f.blankWords(t, argsAt, n)
	}
}

// scanFlags mirrors BuildKit's builder-flag extraction (words starting with
// "--" right after the keyword, quotes and the escape token removed) and
// returns where the arguments start. n is the end of the trimmed line.
func (f *File) scanFlags(in *Instruction, pos, n int) int {
	t := in.logical
	s := t.s
	var buf [64]byte
	word := buf[:0]
	for {
		// BuildKit tests blanks byte by byte here (unicode.IsSpace(rune(b))).
		for pos < n && isByteSpace(s[pos]) {
			pos++
		}
		if pos+1 >= n || s[pos] != '-' || s[pos+1] != '-' {
			return skipSpaces(s, pos, n)
		}
		start := pos
		word = word[:0]
		// plain: the word is its text, with no quote or escape removed.
		plain := true
		var quote byte
		for ; pos < n; pos++ {
			c := s[pos]
			if quote != 0 {
				if c == quote {
					quote = 0
					continue
				}
			} else {
				if isByteSpace(c) {
					break
				}
				if c == '\'' || c == '"' {
					quote, plain = c, false
					continue
				}
			}
			if c == f.Escape {
				plain = false
				if pos+1 == n {
					// BuildKit drops an escape token that ends the line.
					quote = 0
					continue
				}
				pos++
				c = s[pos]
			}
			word = append(word, c)
		}
		if string(word) == "--" {
			return skipSpaces(s, pos, n)
		}
		if in.Flags == nil {
			in.Flags = make([]Flag, 0, max(1, len(in.Node.Flags)))
		}
		fl := Flag{Span: t.span(start, pos)}
		text := s[start:pos]
		if !plain {
			text = string(word)
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(text, "--"), "=")
		fl.Name, fl.Value, fl.HasValue = name, value, ok
		if ok {
			eq := strings.IndexByte(s[start:pos], '=')
			fl.ValueSpan = t.span(start+eq+1, pos)
		}
		in.Flags = append(in.Flags, fl)
	}
}

// blankWords splits the logical text [at, n) on blanks, as BuildKit's
// whitespace-delimited argument parsers do.
func (f *File) blankWords(t *text, at, n int) []Word {
	s := t.s
	count := 0
	blank := true
	for i := at; i < n; i++ {
		b := isSpace(s[i])
		if blank && !b {
			count++
		}
		blank = b
	}
	if count == 0 {
		return nil
	}
	words := make([]Word, 0, count)
	// Walk the pieces along with the words instead of searching them.
	segs := t.segs
	k := 0
	for i := at; i < n; {
		for i < n && isSpace(s[i]) {
			i++
		}
		j := i
		for j < n && !isSpace(s[j]) {
			j++
		}
		if j > i {
			for k+1 < len(segs) && segs[k+1].at <= i {
				k++
			}
			a := segs[k].src + i - segs[k].at
			for k+1 < len(segs) && segs[k+1].at <= j-1 {
				k++
			}
			z := segs[k].src + j - segs[k].at
			words = append(words, Word{Value: s[i:j], Span: Span{a, z}})
		}
		i = j
	}
	return words
}

// quotedWords splits the logical text [at, n) as BuildKit's parseWords
// does for ENV, LABEL and ARG: blanks separate words except inside quotes,
// and the escape token protects the next character (in single quotes it
// is literal). Words keep their quotes, as BuildKit's node values do.
func (f *File) quotedWords(t *text, at, n int) []Word {
	const (
		inSpaces = iota
		inWord
		inQuote
	)
	s := t.s
	esc := rune(f.Escape)
	var buf [16]Word
	words := buf[:0]
	phase, start := inSpaces, 0
	var quote rune
	for pos := at; pos < n; {
		ch, w := rune(s[pos]), 1
		if ch >= utf8.RuneSelf {
			ch, w = utf8.DecodeRuneInString(s[pos:n])
		}
		switch phase {
		case inSpaces:
			if isRuneSpace(ch) {
				pos += w
				continue
			}
			phase, start = inWord, pos
			continue
		case inWord:
			if isRuneSpace(ch) {
				words = append(words, Word{Value: s[start:pos], Span: t.span(start, pos)})
				phase = inSpaces
				pos += w
				continue
			}
			if ch == '\'' || ch == '"' {
				quote, phase = ch, inQuote
			} else if ch == esc && pos+w < n {
				pos += w
				_, w = utf8.DecodeRuneInString(s[pos:n])
			}
		case inQuote:
			if ch == quote {
				phase = inWord
			} else if ch == esc && quote != '\'' && pos+w < n {
				pos += w
				_, w = utf8.DecodeRuneInString(s[pos:n])
			}
		}
		pos += w
	}
	if phase != inSpaces {
		words = append(words, Word{Value: s[start:n], Span: t.span(start, n)})
	}
	if len(words) == 0 {
		return nil
	}
	return append([]Word(nil), words...)
}

// attach types every instruction with BuildKit's instructions package and
// links the typed stages and commands to the instructions, and parses the
// shell of every instruction that runs one. It parses instruction by
// instruction, as instructions.Parse does, but does not stop at the first
// error: an instruction BuildKit refuses goes to Rejected, and instructions
// before the first FROM (which instructions.Parse refuses as a whole) stay
// in MetaArgs, so that one bad line does not hide the rest of the file.
func (f *File) attach(lint *linter.Linter) {
	var cur *Stage
	// posix tells whether the stage's SHELL is a POSIX shell; a stage built
	// FROM an earlier one inherits its SHELL.
	posix := true
	stagePosix := map[string]bool{}
	// The stages are allocated together, sized by the FROM lines.
	var block []Stage
	kept := f.Instructions[:0]
	// stageSize counts the instructions from i to the next FROM, to size a
	// stage's list.
	stageSize := func(i int) int {
		n := 0
		for _, in := range f.Instructions[i+1:] {
			if in.kw == kwFrom {
				break
			}
			n++
		}
		return n
	}
	// orphan is set after a FROM BuildKit refuses: the instructions under
	// it belong to no stage, and are not before the first FROM either.
	orphan := false
	for i, in := range f.Instructions {
		typed, err := instructions.ParseInstructionWithLinter(in.Node, lint)
		if err != nil {
			f.Rejected = append(f.Rejected, newRejection(in, err))
			if in.kw == kwFrom {
				cur, orphan = nil, true
			}
			continue
		}
		kept = append(kept, in)
		if st, ok := typed.(*instructions.Stage); ok {
			orphan = false
			if block == nil {
				n := 0
				for _, other := range f.Instructions {
					if other.kw == kwFrom {
						n++
					}
				}
				block = make([]Stage, 0, n)
				f.Stages = make([]*Stage, 0, n)
			}
			block = append(block, Stage{Index: len(f.Stages), Name: st.Name, From: in, Typed: st, Instructions: make([]*Instruction, 0, stageSize(i))})
			cur = &block[len(block)-1]
			f.Stages = append(f.Stages, cur)
			in.Stage = cur
			posix = true
			if p, ok := stagePosix[strings.ToLower(st.BaseName)]; ok {
				posix = p
			}
			if st.Name != "" {
				stagePosix[st.Name] = posix
			}
			continue
		}
		cmd, ok := typed.(instructions.Command)
		if !ok {
			f.Rejected = append(f.Rejected, newRejection(in, fmt.Errorf("%T is not a command type", typed)))
			kept = kept[:len(kept)-1]
			continue
		}
		in.Command = cmd
		switch {
		case orphan:
		case cur == nil:
			f.MetaArgs = append(f.MetaArgs, in)
		default:
			in.Stage = cur
			cur.Typed.AddCommand(cmd)
			cur.Instructions = append(cur.Instructions, in)
		}
		switch cmd := in.Command.(type) {
		case *instructions.RunCommand:
			// Mounts are placeholders until the command is expanded; keep
			// the words as written, since build arguments are unknown.
			_ = cmd.Expand(func(w string) (string, error) { return w, nil })
		case *instructions.ShellCommand:
			posix = isPOSIXShell(cmd.Shell)
			if cur != nil && cur.Name != "" {
				stagePosix[cur.Name] = posix
			}
		case *instructions.OnbuildCommand:
			if in.Onbuild != nil {
				// ParseCommand with its nil linter panics on a node that has
				// a `# check=` comment; a silent linter avoids that.
				quiet := linter.New(&linter.Config{})
				if v, err := instructions.ParseInstructionWithLinter(in.Onbuild.Node, quiet); err == nil {
					if sub, ok := v.(instructions.Command); ok {
						in.Onbuild.Command = sub
					}
				}
			}
		}
		if !posix {
			// RUN under SHELL ["powershell", …] or ["cmd", …] is no sh.
			continue
		}
		in.shellFile = f
		if in.Onbuild != nil {
			in.Onbuild.shellFile = f
		}
	}
	clear(f.Instructions[len(kept):])
	f.Instructions = kept
}

// shellParsers recycles shell parsers: a new one costs more than many
// small scripts (it holds two 1 KiB buffers), and Parse resets it.
var shellParsers = sync.Pool{New: func() any { return syntax.NewParser(syntax.Variant(syntax.LangBash)) }}

// isPOSIXShell reports whether a SHELL instruction's command line runs a
// POSIX shell: anything but PowerShell and cmd.exe counts as one, so that
// wrappers such as `micromamba run -n base /bin/bash -c` keep their scripts.
func isPOSIXShell(argv []string) bool {
	for _, a := range argv {
		a = strings.ToLower(a[strings.LastIndexAny(a, `/\`)+1:])
		switch strings.TrimSuffix(a, ".exe") {
		case "powershell", "pwsh", "cmd":
			return false
		}
	}
	return true
}

// CheckConfig parses the `# check=` directive (skip, experimental, error).
// A file without one gets the zero configuration.
func (f *File) CheckConfig() (*linter.Config, error) {
	d, ok := f.Check()
	if !ok {
		return &linter.Config{}, nil
	}
	// Like BuildKit, read the value up to the first blank, so that
	// `# check=skip=X // reason` works.
	value, _, _ := strings.Cut(strings.TrimSpace(d.Value), " ")
	cfg, err := linter.ParseLintOptions(value)
	if err != nil {
		return &linter.Config{}, &Error{File: f.Name, Line: d.Line, Col: 1, Msg: err.Error()}
	}
	return cfg, nil
}
