package dockerfile

import (
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// needsDockerfile is what the instruction-level rules read: the parsed
// Dockerfile only.
var needsDockerfile = []*analysis.Analyzer{lint.DockerfileAnalyzer}

// fromImageWord is the image argument of a FROM (after its flags).
func fromImageWord(in *df.Instruction) (df.Word, bool) {
	if len(in.Args) == 0 {
		return df.Word{}, false
	}
	return in.Args[0], true
}

// stageNameWord is the name after AS in a FROM, if any.
func stageNameWord(in *df.Instruction) (df.Word, bool) {
	for i := 1; i+1 < len(in.Args); i++ {
		if strings.EqualFold(in.Args[i].Value, "as") {
			return in.Args[i+1], true
		}
	}
	return df.Word{}, false
}

// wordSubSpan is the span of w.Value[i:j]. A word broken by a line
// continuation is not contiguous in the source; the whole word stands for
// any part of it then.
func wordSubSpan(f *df.File, w df.Word, i, j int) df.Span {
	if w.Span.Len() != len(w.Value) || string(f.Src[w.Span.Start:w.Span.End]) != w.Value {
		return w.Span
	}
	return df.Span{Start: w.Span.Start + i, End: w.Span.Start + j}
}

// trimPathQuotes drops the quote characters around a path, as hadolint does
// before it looks at a path.
func trimPathQuotes(s string) string {
	return strings.Trim(s, `"'`)
}

// keywordLike writes keyword (upper case) in the case style of written: all
// lower, all upper, or capitalised.
func keywordLike(written, keyword string) string {
	switch written {
	case strings.ToLower(written):
		return strings.ToLower(keyword)
	case strings.ToUpper(written):
		return keyword
	}
	return keyword[:1] + strings.ToLower(keyword[1:])
}

// spanHasCommentLine reports whether a comment line sits inside sp (BuildKit
// drops those from a continued instruction; a fix that rewrites sp would
// delete them).
func spanHasCommentLine(f *df.File, sp df.Span) bool {
	lines := strings.Split(string(f.Src[sp.Start:sp.End]), "\n")
	for _, l := range lines[1:] {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			return true
		}
	}
	return false
}

// copySourcesAndDest splits the arguments of ADD or COPY into sources and
// destination, quotes kept. ok is false with fewer than two arguments.
func copySourcesAndDest(in *df.Instruction) (srcs []df.Word, dest df.Word, ok bool) {
	if len(in.Args) < 2 {
		return nil, df.Word{}, false
	}
	return in.Args[:len(in.Args)-1], in.Args[len(in.Args)-1], true
}

// stageLabel names a stage in messages: `stage "base"`, or `stage 2` (the
// index that COPY --from accepts) when it has no name.
func stageLabel(st *df.Stage) string {
	if st.Name != "" {
		return `stage "` + st.Name + `"`
	}
	return "stage " + strconv.Itoa(st.Index)
}

// removeFlagSpan is the flag at sp plus the blanks after it on its line, so
// that deleting it leaves the instruction well formed.
func removeFlagSpan(f *df.File, sp df.Span) df.Span {
	end := sp.End
	for end < len(f.Src) && (f.Src[end] == ' ' || f.Src[end] == '\t') {
		end++
	}
	return df.Span{Start: sp.Start, End: end}
}
