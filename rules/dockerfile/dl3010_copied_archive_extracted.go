package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3010_copied_archive_extracted.md
var dl3010Doc string

// DL3010 flags a local archive COPY'd and then extracted by a RUN.
var DL3010 = &lint.Rule{
	Code: "DL3010", Name: "copied-archive-extracted", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3010",
	Doc:      dl3010Doc,
	Requires: needsDockerfile,
	Run:      runDL3010,
}

// archiveSuffixes are the file name endings hadolint reads as archives
// ADD would extract.
var archiveSuffixes = []string{
	".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2",
	".tgz", ".tlz", ".tpz", ".txz", ".xz",
}

func runDL3010(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, st := range f.Stages {
		for i, in := range st.Instructions {
			if !in.Is("COPY") || in.Flag("from") != nil || len(in.Heredocs) > 0 || len(in.Args) < 2 {
				continue
			}
			dest := baseName(in.Args[len(in.Args)-1].Value)
			for _, src := range in.Args[:len(in.Args)-1] {
				if !isArchive(src.Value) {
					continue
				}
				names := map[string]bool{baseName(src.Value): true}
				if isArchive(dest) {
					names[dest] = true
				}
				if extractedLater(f, st.Instructions[i+1:], names) {
					lint.Reportf(pass, f, src.Span, "%s is COPY'd and then extracted; ADD extracts it without keeping the archive in a layer", src.Value)
				}
			}
		}
	}
	return nil, nil
}

func isArchive(p string) bool {
	for _, s := range archiveSuffixes {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return false
}

// baseName is the last element of a Unix or Windows path. Quotes are
// dropped: BuildKit splits a shell-form COPY on spaces, quotes included.
func baseName(p string) string {
	p = strings.TrimRight(strings.Trim(p, `"'`), `/\`)
	return p[strings.LastIndexAny(p, `/\`)+1:]
}

// extractedLater reports whether a RUN of list extracts a file whose base
// name is in names.
func extractedLater(f *df.File, list []*df.Instruction, names map[string]bool) bool {
	for _, in := range list {
		calls := runCallsNaming(f, in, extractors...)
		for i := range calls {
			if !extracts(&calls[i]) {
				continue
			}
			for _, w := range calls[i].Words {
				if names[baseName(w.Value)] {
					return true
				}
			}
		}
	}
	return false
}

// extractors are the programs extracts knows.
var extractors = []string{
	"unzip", "gunzip", "bunzip2", "unxz", "unlzma", "uncompress",
	"gzip", "bzip2", "xz", "lzma", "zstd", "tar",
}

// tarValueFlag reports whether a tar option takes the next word.
func tarValueFlag(name string) bool {
	switch name {
	case "-f", "--file", "-C", "--directory":
		return true
	}
	return false
}

// extracts reports whether c unpacks an archive.
func extracts(c *df.Call) bool {
	switch c.Name {
	case "unzip", "gunzip", "bunzip2", "unxz", "unlzma", "uncompress":
		return true
	case "gzip", "bzip2", "xz", "lzma", "zstd":
		flags, _ := c.Flags(nil)
		for _, fl := range flags {
			if fl.Name == "-d" || fl.Name == "--decompress" {
				return true
			}
		}
	case "tar":
		if len(c.Words) > 0 && !strings.HasPrefix(c.Words[0].Value, "-") && strings.Contains(c.Words[0].Value, "x") {
			return true // old-style `tar xzf`
		}
		flags, _ := c.Flags(tarValueFlag)
		for _, fl := range flags {
			if fl.Name == "-x" || fl.Name == "--extract" || fl.Name == "--get" {
				return true
			}
		}
	}
	return false
}
