package dockerfile

import (
	"bytes"
	"strings"
)

// PragmaKind says what a pragma comment does.
type PragmaKind uint8

// The pragma kinds.
const (
	// PragmaIgnore suppresses codes on the instruction after the comment.
	PragmaIgnore PragmaKind = iota + 1
	// PragmaGlobalIgnore suppresses codes in the whole file.
	PragmaGlobalIgnore
	// PragmaStageIgnore suppresses codes in the stage whose FROM follows.
	PragmaStageIgnore
	// PragmaShell names the shell RUN scripts are written for.
	PragmaShell
)

// Pragma is one `# ballast …` or `# hadolint …` comment line.
//
// The grammar is hadolint's, for both tools: `#`, optional blanks, the tool
// name in lower case, then `ignore=`, `global ignore=`, `stage ignore=` or
// `shell=`, with blanks allowed around `=` and `,`, and an optional
// trailing `# reason`. A hadolint pragma means exactly what it means to
// hadolint: `ignore=` covers the line right below the comment (so the
// instruction starting there, all its lines included), and one code with
// characters other than D, L, S, C and digits makes hadolint drop the whole
// pragma. A ballast pragma's `ignore=` covers the next instruction, blank
// and comment lines in between allowed (so it stacks with other pragmas),
// and takes codes or rule names in any case; a bad item drops only itself.
type Pragma struct {
	Tool string // "ballast" or "hadolint"
	Kind PragmaKind
	Line int
	// Span is the comment, from `#` to the end of the line, trailing blanks
	// excluded.
	Span Span
	// Codes are the listed codes or names of an ignore pragma, as written.
	Codes []PragmaCode
	// Shell is the value of a shell pragma.
	Shell     string
	ShellSpan Span
	// Valid is false for a hadolint pragma that hadolint itself would not
	// honour (a code with characters outside D, L, S, C and digits).
	Valid bool
	// Scope is the source whose findings an ignore pragma suppresses; empty
	// when it covers nothing (a hadolint ignore above a blank line, a stage
	// ignore with no FROM after it, a shell pragma, an invalid pragma).
	Scope Span
}

// PragmaCode is one item of an ignore list.
type PragmaCode struct {
	Code string
	Span Span
}

// Covers reports whether a finding starting at the byte offset is in the
// pragma's scope.
func (p *Pragma) Covers(offset int) bool {
	if p.Scope.Len() == 0 {
		return false
	}
	if p.Kind == PragmaStageIgnore {
		return p.Scope.Start <= offset && offset < p.Scope.End
	}
	return p.Scope.Start <= offset && offset <= p.Scope.End
}

// HadolintCode reports whether s has only the characters hadolint accepts
// in a pragma's code list.
func HadolintCode(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		switch c := s[i]; {
		case c == 'D', c == 'L', c == 'S', c == 'C', '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return true
}

// Pragmas returns the file's pragma comments in source order. Only comment
// lines outside instructions count: a `#` line inside a continued
// instruction or a heredoc body is not a pragma.
func (f *File) Pragmas() []Pragma {
	if !bytes.Contains(f.Src, []byte("hadolint")) && !bytes.Contains(f.Src, []byte("ballast")) {
		return nil // the common case, at the cost of one scan
	}
	n := f.TF.LineCount()
	inside := make([]bool, n+2) // by 1-based line
	startOf := make(map[int]*Instruction, len(f.Instructions))
	for _, in := range f.Instructions {
		startOf[in.StartLine] = in
		last := f.Position(in.Span.End).Line
		for l := in.StartLine; l <= last && l <= n; l++ {
			inside[l] = true
		}
	}
	var out []Pragma
	for line := 1; line <= n; line++ {
		if inside[line] {
			continue
		}
		ls := f.LineSpan(line)
		p, ok := parsePragma(f.Src, ls)
		if !ok {
			continue
		}
		p.Line = line
		f.scope(&p, startOf)
		out = append(out, p)
	}
	return out
}

// scope sets the span an ignore pragma covers.
func (f *File) scope(p *Pragma, startOf map[int]*Instruction) {
	if !p.Valid {
		return
	}
	switch p.Kind {
	case PragmaGlobalIgnore:
		p.Scope = Span{0, len(f.Src)}
	case PragmaIgnore:
		if p.Tool == "hadolint" {
			if in := startOf[p.Line+1]; in != nil {
				p.Scope = in.Span
			}
			return
		}
		for _, in := range f.Instructions {
			if in.StartLine > p.Line {
				p.Scope = in.Span
				return
			}
		}
	case PragmaStageIgnore:
		// hadolint applies it to the lines after the next FROM, up to the
		// FROM after that; the FROM itself is not covered.
		for i, st := range f.Stages {
			if st.From.StartLine <= p.Line {
				continue
			}
			end := len(f.Src)
			if i+1 < len(f.Stages) {
				end = f.Stages[i+1].From.Span.Start
			}
			p.Scope = Span{st.From.Span.End, end}
			return
		}
	default:
	}
}

// parsePragma reads one physical line as a pragma.
func parsePragma(src []byte, ls Span) (Pragma, bool) {
	var p Pragma
	s := string(src[ls.Start:ls.End])
	i := skipSpaces(s, 0, len(s))
	if i == len(s) || s[i] != '#' {
		return p, false
	}
	hash := i
	i = skipBlanks(s, i+1)
	word, i := nextWord(s, i)
	if word != "ballast" && word != "hadolint" {
		return p, false
	}
	p.Tool = word
	j := skipBlanks(s, i)
	if j == i {
		return p, false
	}
	i = j
	word, i = nextWord(s, i)
	switch word {
	case "global", "stage":
		p.Kind = PragmaGlobalIgnore
		if word == "stage" {
			p.Kind = PragmaStageIgnore
		}
		j = skipBlanks(s, i)
		if j == i {
			return p, false
		}
		if word, i = nextWord(s, j); word != "ignore" {
			return p, false
		}
	case "ignore":
		p.Kind = PragmaIgnore
	case "shell":
		if p.Tool != "hadolint" {
			return p, false
		}
		p.Kind = PragmaShell
	default:
		return p, false
	}
	i = skipBlanks(s, i)
	if i == len(s) || s[i] != '=' {
		return p, false
	}
	i = skipBlanks(s, i+1)
	end := trimSpacesRight(s, i, len(s))
	p.Span = Span{ls.Start + hash, ls.Start + end}
	p.Valid = true
	if p.Kind == PragmaShell {
		j = i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '#' {
			j++
		}
		if j == i {
			return p, false
		}
		p.Shell, p.ShellSpan = s[i:j], Span{ls.Start + i, ls.Start + j}
		return p, true
	}
	// The list runs to a trailing `# reason` or the end of the line.
	listEnd := end
	if k := strings.IndexByte(s[i:end], '#'); k >= 0 {
		listEnd = trimSpacesRight(s, i, i+k)
	}
	for i <= listEnd {
		j := i
		for j < listEnd && s[j] != ',' {
			j++
		}
		a, b := skipBlanks(s, i), trimSpacesRight(s, i, j)
		if a < b {
			code := s[a:b]
			p.Codes = append(p.Codes, PragmaCode{Code: code, Span: Span{ls.Start + a, ls.Start + b}})
			if p.Tool == "hadolint" && !HadolintCode(code) {
				p.Valid = false
			}
		} else if p.Tool == "hadolint" {
			p.Valid = false // an empty item
		}
		i = j + 1
	}
	if len(p.Codes) == 0 {
		p.Valid = false
	}
	return p, true
}

// skipBlanks skips spaces and tabs.
func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// nextWord returns the run of lower-case letters at i and the index after it.
func nextWord(s string, i int) (string, int) {
	j := i
	for j < len(s) && 'a' <= s[j] && s[j] <= 'z' {
		j++
	}
	return s[i:j], j
}
