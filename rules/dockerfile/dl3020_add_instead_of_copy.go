package dockerfile

import (
	"fmt"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3020 flags ADD of local files that are not archives.
var DL3020 = &lint.Rule{
	Code: "DL3020", Name: "add-instead-of-copy", Category: "dockerfile", Severity: lint.Error,
	Fix: lint.SafeFix,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3020",
	Doc: `ADD of local files that COPY would do

## Why
ADD does two things COPY does not: it downloads URLs and it unpacks local
tar archives. For a plain local file or directory it does what COPY does,
but a reader has to check which of its behaviours applies, and a file that
later becomes a tarball is silently unpacked. COPY says what happens.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nADD requirements.txt /app/\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt /app/\n```" + `

## Fix safety
The fix replaces the ADD keyword with COPY, in the keyword's case, and is
safe: for local sources that are not archives both copy the same bytes
with the same flags. It is not offered when a source is a variable (it
may hold a URL) or when ADD has a flag COPY lacks (` + "`--checksum`" + `,
` + "`--keep-git-dir`" + `, ` + "`--unpack`" + `). ADD recognises archives by content, so a
tarball named without an archive extension is the one case the fix would
change: name archives by their format.

## References
hadolint DL3020. A source counts as an archive by its extension (.tar,
.gz, .bz2, .xz, .tgz, .tbz2, .txz, .Z, .lz, .lzma and their short forms,
as hadolint lists them, plus .zst and .tzst, which BuildKit also unpacks)
and as remote when it is an http(s) URL. Unlike hadolint, git sources
(` + "`git@host:repo`" + `, ` + "`git://`" + `, ` + "`ssh://`" + `) count as remote: COPY cannot
fetch them. ADD with heredoc sources is not checked.`,
	Requires: needsDockerfile,
	Run:      runDL3020,
}

// archiveExts are the file name endings that ADD is expected to unpack.
var archiveExts = []string{
	".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2",
	".tgz", ".tlz", ".tpz", ".txz", ".xz", ".zst", ".tzst",
}

// copyFlags are the flags ADD shares with COPY.
var copyFlags = map[string]bool{"chown": true, "chmod": true, "link": true, "exclude": true}

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
			if !copyFlags[fl.Name] {
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
