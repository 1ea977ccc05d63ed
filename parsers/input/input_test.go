package input

import (
	"bytes"
	"errors"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endless is a stream that never ends, as /dev/zero.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReadAllStopsAtTheLimit(t *testing.T) {
	_, err := ReadAll(endless{}, "standard input")
	if !errors.Is(err, ErrTooLarge) || err.Error() != "standard input is larger than the 16 MiB limit" {
		t.Errorf("err = %v", err)
	}
	src, err := ReadAll(io.LimitReader(endless{}, MaxFileSize), "standard input")
	if err != nil || len(src) != MaxFileSize {
		t.Errorf("exactly the limit: %d bytes, %v", len(src), err)
	}
	src, err = ReadAll(strings.NewReader(""), "standard input")
	if err != nil || src == nil || len(src) != 0 {
		t.Errorf("empty: %v %v (want a non-nil empty slice)", src, err)
	}
}

// TestReadFileIgnoresStatSize: files whose Stat says 0 bytes (as /proc's
// do) are read to their end, through the limit.
func TestReadFileIgnoresStatSize(t *testing.T) {
	const p = "/proc/self/status"
	if st, err := os.Stat(p); err != nil || st.Size() != 0 {
		t.Skipf("%s: no zero-size regular file here (%v)", p, err)
	}
	src, err := ReadFile(p)
	if err != nil || !bytes.Contains(src, []byte("Name:")) {
		t.Errorf("read %d bytes, %v", len(src), err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{dir, dir + ": is a directory"},
		{filepath.Join(dir, "missing"), filepath.Join(dir, "missing") + ": no such file or directory"},
		{big, big + ": file is 16 MiB, larger than the 16 MiB limit"},
		{"/dev/null", "/dev/null: is a device, not a regular file"},
	} {
		_, err := ReadFile(tt.path)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadFile(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file's error lost fs.ErrNotExist: %v", err)
	}
}

func TestSetLinesSkipsBOM(t *testing.T) {
	for _, tt := range []struct {
		src       string
		offset    int
		line, col int
		name      string
	}{
		{"\xef\xbb\xbfab\ncd\n", 3, 1, 1, "first character after the mark"},
		{"\xef\xbb\xbfab\ncd\n", 4, 1, 2, "second character"},
		{"\xef\xbb\xbfab\ncd\n", 7, 2, 2, "line 2 is untouched"},
		{"ab\ncd\n", 1, 1, 2, "no mark"},
	} {
		fset := token.NewFileSet()
		tf := fset.AddFile("f", -1, len(tt.src))
		SetLines(tf, []byte(tt.src))
		if p := fset.Position(tf.Pos(tt.offset)); p.Line != tt.line || p.Column != tt.col {
			t.Errorf("%s: offset %d at %d:%d, want %d:%d", tt.name, tt.offset, p.Line, p.Column, tt.line, tt.col)
		}
	}
}
