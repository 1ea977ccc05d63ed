// Package input reads the files ballast analyzes, as a hostile or unlucky
// environment may present them: only regular files are read (a FIFO or a
// device named Dockerfile would block or never end), every read goes
// through the size limit (a file whose size Stat misreports cannot bypass
// it), and a UTF-8 byte order mark does not shift line 1's columns.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
)

// MaxFileSize bounds every input: a Dockerfile, a lock, a configuration
// file or standard input.
const MaxFileSize = 16 << 20

// ErrTooLarge is the error of an input over MaxFileSize.
var ErrTooLarge = fmt.Errorf("larger than the %d MiB limit", MaxFileSize>>20)

// ReadFile reads the regular file at path (symbolic links followed) through
// MaxFileSize. Errors name path and say what is wrong in words a user can
// act on: "is a directory", "is a named pipe, not a regular file", "is 51
// MiB, larger than the 16 MiB limit"; a missing file keeps fs.ErrNotExist
// in its chain.
func ReadFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	// Opened without blocking: between Stat and Open the path may have
	// become a FIFO, and opening a FIFO for reading waits for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, pathError(path, err)
	}
	defer func() { _ = f.Close() }()
	if st, err = f.Stat(); err != nil {
		return nil, pathError(path, err)
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: file is %d MiB, %w", path, st.Size()>>20, ErrTooLarge)
	}
	src, err := readLimited(f, st.Size())
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%s: file is %w", path, err)
		}
		return nil, pathError(path, err)
	}
	return src, nil
}

// ReadAll reads a stream (standard input) through MaxFileSize; name is what
// the errors call it.
func ReadAll(r io.Reader, name string) ([]byte, error) {
	src, err := readLimited(r, 0)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%s is %w", name, err)
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return src, nil
}

// readLimited reads at most MaxFileSize bytes, and fails with ErrTooLarge
// when there are more; sizeHint sizes the buffer when Stat knew the size.
func readLimited(r io.Reader, sizeHint int64) ([]byte, error) {
	var buf bytes.Buffer
	if sizeHint > 0 && sizeHint <= MaxFileSize {
		buf.Grow(int(sizeHint) + 1) // +1: ReadFrom's probe for the end
	}
	n, err := buf.ReadFrom(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if n > MaxFileSize {
		return nil, ErrTooLarge
	}
	if buf.Len() == 0 {
		return []byte{}, nil
	}
	return buf.Bytes(), nil
}

// regular rejects everything but a regular file, saying what the path is.
func regular(path string, st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		return fmt.Errorf("%s: is a directory", path)
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe, " + what
	case m&fs.ModeSocket != 0:
		what = "is a socket, " + what
	case m&fs.ModeDevice != 0:
		what = "is a device, " + what
	}
	return fmt.Errorf("%s: %s", path, what)
}

// pathError words an OS error as "path: what went wrong", keeping the
// cause in the chain (errors.Is(err, fs.ErrNotExist) still holds).
func pathError(path string, err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// bom is the UTF-8 byte order mark.
var bom = []byte{0xEF, 0xBB, 0xBF}

// BOMLen is the length of the byte order mark src starts with: 3 or 0.
func BOMLen(src []byte) int {
	if bytes.HasPrefix(src, bom) {
		return len(bom)
	}
	return 0
}

// SkipBOM makes line 1's columns count from after a byte order mark, as
// editors show them: the mark is invisible and not a character of the
// line. tf's lines must be set already.
func SkipBOM(tf *token.File, src []byte) {
	if n := BOMLen(src); n > 0 && tf.Size() > n {
		tf.AddLineColumnInfo(n, tf.Name(), 1, 1)
	}
}

// SetLines sets tf's lines for src, byte order mark included.
func SetLines(tf *token.File, src []byte) {
	tf.SetLines(LineStarts(src))
	SkipBOM(tf, src)
}

// LineStarts returns the offset of each line of src, as
// token.File.SetLinesForContent counts them (no line after a final
// newline), but searching for newlines a word at a time: on a large
// uv.lock the byte-by-byte loop of the standard library was a sixth of
// an editor's on-save lint.
func LineStarts(src []byte) []int {
	starts := make([]int, 0, bytes.Count(src, []byte{'\n'})+1)
	for pos := 0; pos < len(src); {
		starts = append(starts, pos)
		i := bytes.IndexByte(src[pos:], '\n')
		if i < 0 {
			break
		}
		pos += i + 1
	}
	return starts
}
