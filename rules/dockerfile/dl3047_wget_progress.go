package dockerfile

import (
	_ "embed"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3047_wget_progress.md
var dl3047Doc string

// DL3047 flags wget that prints its progress bar into the build log.
var DL3047 = &lint.Rule{
	Code: "DL3047", Name: "wget-without-progress", Category: "dockerfile", Severity: lint.Info,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3047",
	DocFile:  "rules/dockerfile/dl3047_wget_progress.md",
	Doc:      dl3047Doc,
	Requires: needsDockerfile,
	Run:      runDL3047,
}

// wgetValueFlag reports whether a wget option takes the next word as value;
// "-n?" makes -nv, -nc … single options.
func wgetValueFlag(name string) bool {
	switch name {
	case "-O", "--output-document", "-o", "--output-file", "-a", "--append-output", "-P",
		"--directory-prefix", "-t", "--tries", "-T", "--timeout", "-U", "--user-agent", "-e",
		"--execute", "--header", "--user", "--password", "--post-data", "--post-file", "-i",
		"--input-file", "-B", "--base", "-w", "--wait", "-Q", "--quota", "--progress", "-n?":
		return true
	}
	return false
}

// isWgetQuietFlag reports whether a wget option silences the progress
// output or sends it elsewhere.
func isWgetQuietFlag(name string) bool {
	switch name {
	case "--progress", "-q", "--quiet", "-nv", "--no-verbose", "-o", "--output-file", "-a",
		"--append-output":
		return true
	}
	return false
}

func runDL3047(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
	calls:
		for _, c := range runCallsNaming(f, in, "wget") {
			if c.Name != "wget" {
				continue
			}
			flags, _ := c.Flags(wgetValueFlag)
			for _, fl := range flags {
				if isWgetQuietFlag(fl.Name) {
					continue calls
				}
			}
			lint.Reportf(pass, f, c.NameSpan, "wget without --progress or -q writes its progress bar into the build log")
		}
	})
	return nil, nil
}
