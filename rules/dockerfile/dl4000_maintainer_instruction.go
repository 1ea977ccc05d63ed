package dockerfile

import (
	_ "embed"
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl4000_maintainer_instruction.md
var dl4000Doc string

// DL4000 flags the deprecated MAINTAINER instruction.
var DL4000 = &lint.Rule{
	Code: "DL4000", Name: "maintainer-instruction", Category: "dockerfile", Severity: lint.Error,
	Aliases:  []string{"BK008"},
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL4000",
	Doc:      dl4000Doc,
	Requires: needsDockerfile,
	Run:      runDL4000,
}

func runDL4000(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("MAINTAINER") {
			continue
		}
		who := strings.TrimSpace(in.ArgsText())
		var fix *analysis.SuggestedFix
		if who != "" && !spanHasCommentLine(f, in.Span) {
			label := keywordLike(in.Keyword, "LABEL") + " maintainer=" + labelQuote(who, f.Escape)
			fix = lint.Replace(f, "Replace with LABEL maintainer", in.Span, label)
		}
		lint.Report(pass, f, in.KeywordSpan, "MAINTAINER is deprecated; use LABEL maintainer="+labelQuote(who, f.Escape), fix)
	}
	return nil, nil
}

// labelQuote double-quotes s for a LABEL value: inside double quotes
// BuildKit's word processing gives the escape character its meaning before
// '"', '$' and itself, and expands variables.
func labelQuote(s string, escape byte) string {
	if escape == 0 {
		escape = '\\'
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := range len(s) {
		c := s[i]
		if c == '"' || c == '$' || c == escape {
			b.WriteByte(escape)
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}
