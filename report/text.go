package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ballast-dev/ballast/rules/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
)

// Text writes one line per finding,
//
//	path:line:col: CODE message [*]
//
// where " [*]" marks a finding that --fix or --unsafe-fixes can fix, then a
// blank line and a summary. Columns count bytes, as go/token does, so the
// output matches the `%f:%l:%c: %m` pattern editors already parse. Control
// characters in paths and messages are escaped: a finding is always one line
// and file content quoted in a message cannot drive the terminal. Input
// errors are not written; the caller prints them on stderr.
func Text(w io.Writer, run *Run, opts Options) error {
	return whole(NewText(w, run, opts), run)
}

// NewText renders as Text does, unit by unit: the findings of a unit are
// written when it is given, the summary by Finish, and nothing at all
// when no unit was.
func NewText(w io.Writer, run *Run, opts Options) Stream {
	return &textStream{w: w, run: run, opts: opts, files: map[string]bool{}}
}

type textStream struct {
	w     io.Writer
	run   *Run
	opts  Options
	files map[string]bool
	tally tally
	buf   strings.Builder
}

func (t *textStream) Unit(u *Unit) error {
	for path := range u.Sources {
		t.files[path] = true
	}
	b := &t.buf
	b.Reset()
	for i := range u.Findings {
		f := &u.Findings[i]
		t.tally.add(f)
		path := escapeControl(t.run.RelPath(f.File))
		code := Code(f)
		if t.opts.Color {
			path = ansiBold + path + ansiReset
			if c := severityColor(f.Severity); c != "" && code != "" {
				code = c + code + ansiReset
			}
		}
		b.WriteString(path)
		if f.Start.Line > 0 {
			fmt.Fprintf(b, ":%d:%d", f.Start.Line, max(f.Start.Column, 1))
		}
		b.WriteString(": ")
		if code != "" {
			b.WriteString(code)
			b.WriteByte(' ')
		}
		b.WriteString(escapeControl(f.Message))
		if len(f.Aliases) > 0 {
			b.WriteString(" (also " + strings.Join(f.Aliases, ", ") + ")")
		}
		if f.Fixable() {
			b.WriteString(" [*]")
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *textStream) Finish([]error) error {
	if len(t.files) == 0 {
		return nil // nothing was analyzed: the caller says why
	}
	var b strings.Builder
	if t.tally.findings > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(summary(&t.tally, inputsRead(t.files)))
	b.WriteByte('\n')
	_, err := io.WriteString(t.w, b.String())
	return err
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed
	case lint.Warning:
		return ansiYellow
	case lint.Info:
		return ansiBlue
	case lint.Style:
		return ansiDim
	default:
	}
	return ""
}

// inputsRead says what a run read, for the summary: the Dockerfiles, and
// the locks read with them ("1 Dockerfile (uv.lock read)"), or the locks
// alone. pyproject.toml, read with its lock, is not counted.
func inputsRead(files map[string]bool) string {
	dockerfiles, locks := 0, 0
	for path := range files {
		switch base := filepath.Base(path); {
		case base == "pyproject.toml":
		case strings.HasSuffix(base, ".lock"):
			locks++
		default:
			dockerfiles++
		}
	}
	if dockerfiles == 0 {
		return lint.Count(locks, "lock file", "lock files")
	}
	out := lint.Count(dockerfiles, "Dockerfile", "Dockerfiles")
	switch {
	case locks == 1:
		out += " (uv.lock read)"
	case locks > 1:
		out += fmt.Sprintf(" (%d lock files read)", locks)
	}
	return out
}

// summary is the closing line of the text output, e.g. "Found 3 findings
// (1 error, 2 warnings) in 2 Dockerfiles (uv.lock read); 1 fixable with
// --fix."
func summary(t *tally, files string) string {
	if t.findings == 0 {
		return "No findings in " + files + "."
	}
	c := t.counts
	var parts []string
	if c.Error > 0 {
		parts = append(parts, lint.Count(c.Error, "error", "errors"))
	}
	if c.Warning > 0 {
		parts = append(parts, lint.Count(c.Warning, "warning", "warnings"))
	}
	if c.Info > 0 {
		parts = append(parts, strconv.Itoa(c.Info)+" info")
	}
	if c.Style > 0 {
		parts = append(parts, strconv.Itoa(c.Style)+" style")
	}
	var b strings.Builder
	b.WriteString("Found " + lint.Count(t.findings, "finding", "findings"))
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	b.WriteString(" in " + files)
	// Plain --fix applies safe fixes only; findings whose fixes are all
	// unsafe are counted apart so the line never promises what --fix won't do.
	switch safe, unsafe := t.safe, t.unsafe; {
	case safe > 0 && unsafe > 0:
		fmt.Fprintf(&b, "; %d fixable with --fix, %d more with --unsafe-fixes", safe, unsafe)
	case safe > 0:
		fmt.Fprintf(&b, "; %d fixable with --fix", safe)
	case unsafe > 0:
		fmt.Fprintf(&b, "; %d fixable with --unsafe-fixes", unsafe)
	}
	b.WriteString(".")
	return b.String()
}

// escapeControl replaces control characters (C0, DEL, C1) and invalid UTF-8
// with Go escapes; tabs are kept.
func escapeControl(s string) string {
	clean := true
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\t') || r == unicode.ReplacementChar {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == unicode.ReplacementChar && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unicode.IsControl(r) && r != '\t':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
