package report

import (
	"bytes"
	"io"
	"slices"

	"github.com/ballast-dev/ballast/rules/lint"
)

// fileStream writes a unit's files one element each, with their findings,
// between an opening and a closing text: the XML reports, which group
// findings by file.
type fileStream struct {
	w          io.Writer
	run        *Run
	open, tail string
	// file appends the element of one file (path relative to the root)
	// and its findings, sorted by position.
	file    func(buf *bytes.Buffer, path string, src []byte, findings []lint.Finding)
	started bool
	buf     bytes.Buffer
}

func (s *fileStream) start() {
	if !s.started {
		s.started = true
		s.buf.WriteString(s.open)
	}
}

func (s *fileStream) Unit(u *Unit) error {
	s.buf.Reset()
	s.start()
	byFile := map[string][]lint.Finding{}
	for _, f := range u.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	paths := make([]string, 0, len(u.Sources)+len(byFile))
	for p := range u.Sources {
		paths = append(paths, p)
	}
	for p := range byFile {
		if _, ok := u.Sources[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		s.file(&s.buf, s.run.RelPath(p), u.Sources[p], byFile[p])
	}
	_, err := s.w.Write(s.buf.Bytes())
	return err
}

func (s *fileStream) Finish([]error) error {
	s.buf.Reset()
	s.start()
	s.buf.WriteString(s.tail)
	_, err := s.w.Write(s.buf.Bytes())
	return err
}
