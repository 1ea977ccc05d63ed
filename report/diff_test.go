package report

import (
	"fmt"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	old := "FROM python:3.12\nMAINTAINER me\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\nRUN g\nRUN uv sync\n"
	new := "FROM python:3.12\nLABEL maintainer=\"me\"\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\nRUN g\nRUN uv sync --locked\n"
	want := `--- Dockerfile
+++ Dockerfile
@@ -1,5 +1,5 @@
 FROM python:3.12
-MAINTAINER me
+LABEL maintainer="me"
 RUN a
 RUN b
 RUN c
@@ -7,4 +7,4 @@
 RUN e
 RUN f
 RUN g
-RUN uv sync
+RUN uv sync --locked
`
	if got := UnifiedDiff("Dockerfile", []byte(old), []byte(new)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := UnifiedDiff("x", []byte("a\n"), []byte("a\n")); got != "" {
		t.Errorf("equal inputs: got %q", got)
	}
	if got := UnifiedDiff("x", []byte("a"), []byte("b")); got != "--- x\n+++ x\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n" {
		t.Errorf("no trailing newline: got %q", got)
	}
}

// BenchmarkUnifiedDiff12000 diffs a 12,000-line Dockerfile with an edit every
// 50 lines, the size where a line-LCS table needed 1.17 GB.
func BenchmarkUnifiedDiff12000(b *testing.B) {
	var old, new strings.Builder
	for i := range 12000 {
		fmt.Fprintf(&old, "RUN pip install package%d==1.0\n", i)
		if i%50 == 0 {
			fmt.Fprintf(&new, "RUN pip install --no-cache-dir package%d==1.0\n", i)
		} else {
			fmt.Fprintf(&new, "RUN pip install package%d==1.0\n", i)
		}
	}
	oldB, newB := []byte(old.String()), []byte(new.String())
	b.ReportAllocs()
	for b.Loop() {
		if UnifiedDiff("Dockerfile", oldB, newB) == "" {
			b.Fatal("empty diff")
		}
	}
}
