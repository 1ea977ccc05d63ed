package dockerfile

import (
	"strings"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL4000 flags the deprecated MAINTAINER instruction.
var DL4000 = &lint.Rule{
	Code: "DL4000", Name: "maintainer-instruction", Category: "dockerfile", Severity: lint.Error,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL4000",
	Doc: `MAINTAINER is deprecated

## Why
MAINTAINER has been deprecated since Docker 1.13. It fills the image's
legacy Author field, which registries and scanners hardly show; a label
is where tools look for who maintains an image.

## Example
` + "```dockerfile\nFROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.org>\n```" + `

## Use instead
` + "```dockerfile\nFROM alpine:3.20\nLABEL maintainer=\"Jane Doe <jane@example.org>\"\n```" + `

## Fix safety
The fix replaces the instruction with ` + "`LABEL maintainer=\"…\"`" + ` holding the same
text, quoted so that BuildKit reads it back unchanged (quotes, "$" and
the escape character are escaped), in the keyword's case. It is safe: the
image gains the label Docker's documentation recommends and loses only
the deprecated Author field. It is not offered when comment lines sit
inside a continued MAINTAINER, which the rewrite would drop.

## References
hadolint DL4000; BuildKit's MaintainerDeprecated (BK008) is the same check.
A MAINTAINER inside ONBUILD is hadolint DL3043's business, not this rule's.`,
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
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' || c == '$' || c == escape {
			b.WriteByte(escape)
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}
