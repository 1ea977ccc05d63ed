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

// wgetValueFlags are wget's options that take the next word as value;
// "-n?" makes -nv, -nc … single options.
var wgetValueFlags = map[string]bool{
	"-O": true, "--output-document": true, "-o": true, "--output-file": true, "-a": true,
	"--append-output": true, "-P": true, "--directory-prefix": true, "-t": true, "--tries": true,
	"-T": true, "--timeout": true, "-U": true, "--user-agent": true, "-e": true, "--execute": true,
	"--header": true, "--user": true, "--password": true, "--post-data": true, "--post-file": true,
	"-i": true, "--input-file": true, "-B": true, "--base": true, "-w": true, "--wait": true,
	"-Q": true, "--quota": true, "--progress": true, "-n?": true,
}

var wgetQuietFlags = map[string]bool{
	"--progress": true, "-q": true, "--quiet": true, "-nv": true, "--no-verbose": true,
	"-o": true, "--output-file": true, "-a": true, "--append-output": true,
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
			flags, _ := c.Flags(wgetValueFlags)
			for _, fl := range flags {
				if wgetQuietFlags[fl.Name] {
					continue calls
				}
			}
			lint.Reportf(pass, f, c.NameSpan, "wget without --progress or -q writes its progress bar into the build log")
		}
	})
	return nil, nil
}
