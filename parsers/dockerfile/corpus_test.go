package dockerfile

import (
	"errors"
	"path"
	"strings"
	"testing"
)

// TestCorpus parses every Dockerfile of the shared corpus: each either
// fails with an *Error or keeps the invariants — instruction start lines
// on their keyword, keywords as BuildKit read them, builder flags at "--",
// recognised commands starting with their program.
func TestCorpus(t *testing.T) {
	files := loadCorpus(t)
	parsed, failed, scripts, shellErrs, commands := 0, 0, 0, 0, 0
	for _, cf := range files {
		f, err := Parse(cf.name, cf.src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.File != cf.name || pe.Line < 1 {
				t.Errorf("%s: error %v (%T) does not name file and line", cf.name, err, err)
			}
			failed++
			continue
		}
		parsed++
		checkInvariants(t, f)
		f.Walk(func(in *Instruction) {
			if line := f.Position(in.KeywordSpan.Start).Line; line != in.StartLine {
				t.Errorf("%s: %s starts on line %d, its keyword on line %d", cf.name, in.Keyword, in.StartLine, line)
			}
			for _, fl := range in.Flags {
				if !strings.HasPrefix(at(f, fl.Span), "--") {
					t.Errorf("%s:%d: flag span %q", cf.name, in.StartLine, at(f, fl.Span))
				}
			}
			if in.Is("run") && in.Shell() != nil {
				scripts++
				if in.Shell().Err != nil {
					shellErrs++
					t.Logf("%s:%d: shell: %v", cf.name, in.StartLine, in.Shell().Err)
				}
			}
			for _, c := range in.Commands() {
				commands++
				prog, _, _ := strings.Cut(c.Name, " ")
				if txt := at(f, c.Span); !strings.HasPrefix(txt, prog) && !strings.HasPrefix(txt, path.Base(prog)) {
					t.Errorf("%s:%d: %s command span %q does not start with %q", cf.name, in.StartLine, c.Kind, txt, prog)
				}
			}
		})
	}
	t.Logf("%d of %d corpus files parse (%d fail with *Error); %d RUN scripts, %d fail shell parsing; %d commands recognised",
		parsed, len(files), failed, scripts, shellErrs, commands)
}
