package buildkit

import (
	"bytes"
	_ "embed"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"golang.org/x/tools/go/analysis"
)

//go:embed bk019_copy_ignored_file.md
var bk019Doc string

// BK019 is BuildKit's CopyIgnoredFile check.
var BK019 = &lint.Rule{
	Code: "BK019", Name: "CopyIgnoredFile", Category: "buildkit", Severity: lint.Warning,
	CheckDirective: true,
	URL:            docURL("copy-ignored-file"),
	Doc:            bk019Doc,
	Requires:       append([]*analysis.Analyzer{lint.UnitAnalyzer}, requiresDispatch...),
	Run:            runBK019,
}

func runBK019(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	ignore := lint.UnitOf(pass).Dockerignore
	if f == nil || ignore == nil {
		return nil, nil
	}
	patterns, err := ignorefile.ReadAll(bytes.NewReader(ignore.Src))
	if err != nil || len(patterns) == 0 {
		return nil, nil //nolint:nilerr // an unreadable .dockerignore is BuildKit's error, not this check's
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil || pm.Exclusions() {
		// An invalid pattern fails the build before any check; an
		// exception makes BuildKit skip the check.
		return nil, nil //nolint:nilerr // see above
	}
	catchAll := false
	for _, p := range pm.Patterns() {
		switch p.String() {
		case "*", "**", "**/*":
			catchAll = true
		}
	}
	r := newReporter(pass, f)
	for _, st := range dispatchOf(pass).dispatched() {
		verb := "Copy"
		var sources []string
		switch c := st.cmd.(type) {
		case *instructions.CopyCommand:
			if c.From != "" {
				continue
			}
			sources = c.SourcePaths
		case *instructions.AddCommand:
			verb = "Add"
			sources = c.SourcePaths
		default:
			continue
		}
		if !st.expanded {
			continue // the build stops on this instruction
		}
		spans := sourceSpans(st.in, len(sources))
		for i, src := range sources {
			if isRemoteSource(src) {
				if verb == "Copy" {
					break // COPY rejects URLs and Git sources
				}
				continue
			}
			src = filepath.ToSlash(filepath.Clean(src))
			if (src == "." || src == "/") && !catchAll {
				continue
			}
			if ok, err := pm.MatchesOrParentMatches(src); err == nil && ok {
				r.report(st.checkAt(), st.at(f, spans[i]), linter.RuleCopyIgnoredFile.Format(verb, src))
			}
		}
	}
	return nil, nil
}

// sourceSpans maps the n source paths of a COPY or ADD to their words:
// every argument but the last (the destination), skipping heredoc markers.
func sourceSpans(in *dockerfile.Instruction, n int) []dockerfile.Span {
	var spans []dockerfile.Span
	if len(in.Args) > 0 {
		for _, w := range in.Args[:len(in.Args)-1] {
			if !in.JSON && parser.MustParseHeredoc(w.Value) != nil {
				continue
			}
			spans = append(spans, w.Span)
		}
	}
	for len(spans) < n {
		spans = append(spans, in.ArgsSpan)
	}
	return spans[:n]
}

var (
	urlScheme = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9]+://`) })
	scpURL    = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([a-zA-Z0-9-_]+)@([a-zA-Z0-9-.]+):(.*?)(?:\?(.*?))?(?:#(.*))?$`)
	})
)

// isRemoteSource reports whether a COPY/ADD source is a URL or a Git
// repository rather than a path in the build context, as BuildKit tells
// them apart: an http(s), git or ssh URL, or an scp-style `user@host:path`.
// Other schemes and `github.com/…` (deprecated Git shorthand) are paths.
func isRemoteSource(src string) bool {
	if strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") {
		return false
	}
	if s := urlScheme().FindString(src); s != "" {
		switch strings.ToLower(strings.TrimSuffix(s, "://")) {
		case "http", "https", "git", "ssh":
			return true
		}
		return false
	}
	return !strings.HasPrefix(src, "github.com/") && scpURL().MatchString(src)
}
