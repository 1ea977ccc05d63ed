package dockerfile

import (
	_ "embed"
	"fmt"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3020_add_instead_of_copy.md
var dl3020Doc string

// DL3020 flags ADD of local files that are not archives.
var DL3020 = &lint.Rule{
	Code: "DL3020", Name: "add-instead-of-copy", Category: "dockerfile", Severity: lint.Error,
	Status:   lint.Pedantic,
	Fix:      lint.SafeFix,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3020",
	Doc:      dl3020Doc,
	Requires: needsDockerfile,
	Run:      runDL3020,
}

// archiveExts are the file name endings that ADD is expected to unpack.
var archiveExts = []string{
	".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2",
	".tgz", ".tlz", ".tpz", ".txz", ".xz", ".zst", ".tzst",
}

// isCopyFlag reports whether ADD shares the flag with COPY.
func isCopyFlag(name string) bool {
	switch name {
	case "chown", "chmod", "link", "exclude":
		return true
	}
	return false
}

func runDL3020(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, in := range f.Instructions {
		if !in.Is("ADD") || len(in.Heredocs) > 0 {
			continue
		}
		srcs, _, ok := copySourcesAndDest(in)
		if !ok {
			continue
		}
		var plain string
		fixable := true
		for _, w := range srcs {
			src := trimPathQuotes(w.Value)
			if remoteSource(src) || archiveSource(src) {
				continue
			}
			if plain == "" {
				plain = src
			}
			if strings.Contains(src, "$") {
				fixable = false
			}
		}
		if plain == "" {
			continue
		}
		for _, fl := range in.Flags {
			if !isCopyFlag(fl.Name) {
				fixable = false
			}
		}
		msg := fmt.Sprintf("%q is neither a URL nor an archive: use COPY instead of ADD", plain)
		lint.Report(pass, f, in.KeywordSpan, msg, addToCopyFix(f, in, fixable))
	}
	return nil, nil
}

func addToCopyFix(f *df.File, in *df.Instruction, fixable bool) *analysis.SuggestedFix {
	if !fixable {
		return nil
	}
	return lint.Replace(f, "Replace ADD with COPY", in.KeywordSpan, keywordLike(in.Keyword, "COPY"))
}

// remoteSource reports whether an ADD source is fetched rather than copied
// from the context.
func remoteSource(src string) bool {
	lower := strings.ToLower(src)
	for _, p := range []string{"http://", "https://", "git@", "git://", "ssh://"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

func archiveSource(src string) bool {
	for _, ext := range archiveExts {
		if strings.HasSuffix(src, ext) {
			return true
		}
	}
	return false
}
