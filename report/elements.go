package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/ballast-dev/ballast/rules/lint"
)

// elementStream writes one element per finding between an opening and a
// closing text, separated by sep: the shape of a JSON array, a JSON Lines
// file or an annotation log, written as each unit is done.
type elementStream struct {
	w               io.Writer
	run             *Run
	open, sep, tail string
	// element appends the finding's element to buf; u is its unit (its
	// sources, for columns in other units than bytes).
	element func(buf *bytes.Buffer, u *Unit, f *lint.Finding) error
	started bool
	n       int
	buf     bytes.Buffer
}

func (s *elementStream) start() {
	if !s.started {
		s.started = true
		s.buf.WriteString(s.open)
	}
}

func (s *elementStream) Unit(u *Unit) error {
	s.buf.Reset()
	s.start()
	for i := range u.Findings {
		if s.n > 0 {
			s.buf.WriteString(s.sep)
		}
		if err := s.element(&s.buf, u, &u.Findings[i]); err != nil {
			return err
		}
		s.n++
	}
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

func (s *elementStream) Finish([]error) error {
	s.buf.Reset()
	s.start()
	s.buf.WriteString(s.tail)
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

// compact appends v as compact JSON without a newline, leaving <, > and &
// as they are.
func compact(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1)
	return nil
}

// lineOrOne is a finding's line for formats that need one: a finding
// about a whole file (line 0) is put on its first line.
func lineOrOne(f *lint.Finding) int { return max(f.Start.Line, 1) }

// columnOrOne is the finding's byte column, 1 for a finding about a whole
// file or line.
func columnOrOne(f *lint.Finding) int { return max(f.Start.Column, 1) }
