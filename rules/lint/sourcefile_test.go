package lint

import (
	"go/token"
	"testing"
)

// TestSourceFileLines checks that a file's lines, given by its parser or
// found from its text, place offsets as token.File.SetLinesForContent does.
func TestSourceFileLines(t *testing.T) {
	for _, src := range []string{"a = 1\nb = 2\n", "a = 1\nb = 2", "\ufeffa = 1\n\nb = 2\n", "", "\n"} {
		want := token.NewFileSet().AddFile("want", -1, len(src))
		want.SetLinesForContent([]byte(src))
		var starts []int // as a parser finds them: a start after a final newline too
		starts = append(starts, 0)
		for i := range len(src) {
			if src[i] == '\n' {
				starts = append(starts, i+1)
			}
		}
		fset := token.NewFileSet()
		given := &SourceFile{Src: []byte(src), TF: fset.AddFile("given", -1, len(src)), NoLines: true}
		given.SetLines(starts)
		found := &SourceFile{Src: []byte(src), TF: fset.AddFile("found", -1, len(src)), NoLines: true}
		found.EnsureLines()
		found.SetLines([]int{0}) // set already: ignored
		for _, f := range []*SourceFile{given, found} {
			if f.NoLines {
				t.Fatalf("%s: still no lines", f.TF.Name())
			}
			for off := 0; off <= len(src); off++ {
				g, w := f.TF.Position(f.TF.Pos(off)), want.Position(want.Pos(off))
				col := w.Column
				if off >= 3 && src[:3] == "\ufeff" && w.Line == 1 {
					col -= 3 // line 1 counts from after the byte order mark
				}
				if g.Line != w.Line || g.Column != col {
					t.Errorf("%s %q offset %d: %d:%d, want %d:%d", f.TF.Name(), src, off, g.Line, g.Column, w.Line, col)
				}
			}
		}
	}
}
