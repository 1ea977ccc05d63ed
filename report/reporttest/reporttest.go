// Package reporttest builds the runs that the renderers' golden tests share:
// findings after a non-ASCII prefix (UTF-16 columns), in a CRLF file, with
// safe, unsafe and display-only fixes, two identical findings on identical
// lines (fingerprint occurrences), and an input error. Only tests import it.
package reporttest

import (
	"errors"
	"fmt"
	"go/token"
	"strings"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/lint"
)

// Root is the project root of the fixture runs.
const Root = "/work/project"

// Sources of the fixture, by absolute path.
var (
	// Dockerfile has an accented letter, a BMP symbol and an astral emoji
	// (two UTF-16 units, four bytes) before the BA401 finding.
	Dockerfile = "# syntax=docker/dockerfile:1\n" +
		"FROM python:3.12-slim\n" +
		"# Café ☕ build\n" +
		"RUN echo \"héllo ☕ 😀\" && curl -fsSL https://example.com/install.sh | sh\n" +
		"RUN uv sync\n" +
		"RUN uv sync\n"
	// SvcDockerfile has CRLF line endings.
	SvcDockerfile = "FROM ubuntu:22.04 as build\r\n" +
		"RUN apt-get install -y curl\r\n"
	UVLock = "version = 1\nrevision = 2\n"
)

// Rules returns the fixture registry; DL3007 never fires.
func Rules() []*lint.Rule {
	return []*lint.Rule{
		{
			Code: "BA101", Name: "install-without-cache-mount", Category: "cost",
			Severity: lint.Info, Fix: lint.UnsafeFix,
			Doc: "install without cache mount\n\n## Why\nRebuilds download every package again.\n\n" +
				"## Example\n```dockerfile\nRUN apt-get install -y curl\n```\n\n" +
				"## Use instead\n```dockerfile\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n```",
		},
		{
			Code: "BA201", Name: "sync-not-locked", Category: "uv",
			Severity: lint.Warning, Fix: lint.SafeFix,
			Doc: "uv sync without --locked or --frozen\n\n## Why\nThe lock may be re-resolved during the build.\n\n" +
				"## Example\n```dockerfile\nRUN uv sync\n```\n\n## Use instead\n```dockerfile\nRUN uv sync --locked\n```\n\n" +
				"## Fix safety\nSafe: the build fails instead of silently diverging from the lock.",
		},
		{
			Code: "BA401", Name: "remote-script-to-shell", Category: "security",
			Severity: lint.Error, Fix: lint.DisplayOnly,
			Doc: "remote script piped to a shell\n\n## Why\nThe script is neither pinned nor verified.\n\n" +
				"## Example\n```dockerfile\nRUN curl -fsSL https://example.com/install.sh | sh\n```",
		},
		{
			Code: "BK001", Name: "FromAsCasing", Category: "buildkit",
			Severity: lint.Style, Fix: lint.SafeFix,
			Doc: "the 'as' keyword should match the case of the 'from' keyword\n\n## Why\nMixed case is harder to read.\n\n" +
				"## References\nBuildKit check FromAsCasing.",
		},
		{
			Code: "DL3007", Name: "latest-tag", Category: "dockerfile",
			Severity: lint.Warning,
			Doc:      "using latest is prone to errors\n\n## Why\nThe image changes under you.",
		},
		{
			Code: "DL3008", Name: "apt-unpinned", Category: "dockerfile",
			Severity: lint.Warning, URL: "https://github.com/hadolint/hadolint/wiki/DL3008",
			Doc: "pin versions in apt-get install\n\n## Why\nBuilds are not reproducible.\n\n## References\nhadolint DL3008.",
		},
	}
}

// Run returns the fixture run: six findings in two files, three sources,
// and one input error.
func Run() *report.Run {
	rules := map[string]*lint.Rule{}
	reg := Rules()
	for _, r := range reg {
		rules[r.Code] = r
	}
	df := Root + "/Dockerfile"
	svc := Root + "/svc/Dockerfile"

	curl := span(df, Dockerfile, "curl -fsSL https://example.com/install.sh | sh", 0)
	sync1 := span(df, Dockerfile, "uv sync", 0)
	sync2 := span(df, Dockerfile, "uv sync", 1)
	as := span(svc, SvcDockerfile, "as", 0)
	apt := span(svc, SvcDockerfile, "apt-get install", 0)
	curlPkg := span(svc, SvcDockerfile, "curl", 0)

	addLocked := func(s spanT) []lint.Fix {
		return []lint.Fix{{
			Description: "Add --locked",
			Safety:      lint.SafeFix,
			Edits:       []lint.Edit{{File: df, Start: s.end.Offset, End: s.end.Offset, NewText: " --locked"}},
		}}
	}
	return &report.Run{
		Findings: []lint.Finding{
			{
				Rule: rules["BA401"], Severity: lint.Error, File: df, Start: curl.start, End: curl.end,
				Message: "curl output is piped to sh: the script runs unverified",
				Fixes: []lint.Fix{{
					Description: "Download the script, verify its checksum, then run it",
					Safety:      lint.DisplayOnly,
					Edits: []lint.Edit{{
						File: df, Start: curl.start.Offset, End: curl.end.Offset,
						NewText: "curl -fsSLo /tmp/install.sh https://example.com/install.sh \\\n    && sha256sum -c install.sh.sha256 && sh /tmp/install.sh",
					}},
				}},
			},
			{
				Rule: rules["BA201"], Severity: lint.Warning, File: df, Start: sync1.start, End: sync1.end,
				Message: "uv sync runs without --locked or --frozen", Fixes: addLocked(sync1),
			},
			{
				Rule: rules["BA201"], Severity: lint.Warning, File: df, Start: sync2.start, End: sync2.end,
				Message: "uv sync runs without --locked or --frozen", Fixes: addLocked(sync2),
			},
			{
				Rule: rules["BK001"], Severity: lint.Style, File: svc, Start: as.start, End: as.end,
				Message: "'as' and 'FROM' keywords' casing do not match",
				Fixes: []lint.Fix{{
					Description: "Upper-case AS",
					Safety:      lint.SafeFix,
					Edits:       []lint.Edit{{File: svc, Start: as.start.Offset, End: as.end.Offset, NewText: "AS"}},
				}},
			},
			{
				Rule: rules["BA101"], Severity: lint.Info, File: svc, Start: apt.start, End: apt.end,
				Message: "apt-get install runs without a cache mount for /var/cache/apt <and> /var/lib/apt",
				Fixes: []lint.Fix{{
					Description: "Add a cache mount",
					Safety:      lint.UnsafeFix,
					// File left empty: the finding's file is meant.
					Edits: []lint.Edit{{Start: apt.start.Offset, End: apt.start.Offset, NewText: "--mount=type=cache,target=/var/cache/apt "}},
				}},
			},
			{
				Rule: rules["DL3008"], Severity: lint.Warning, File: svc, Start: curlPkg.start, End: curlPkg.end,
				Message: "pin the version of curl: `apt-get install curl=<version>`",
			},
		},
		Errors: []error{fmt.Errorf("%s/bad/Dockerfile:3: %w", Root, errors.New("unknown instruction FORM"))},
		Sources: map[string][]byte{
			df:                []byte(Dockerfile),
			svc:               []byte(SvcDockerfile),
			Root + "/uv.lock": []byte(UVLock),
		},
		Rules:   reg,
		Root:    Root,
		Version: "0.1.0-test",
	}
}

// Clean returns a run over the same sources with no findings and no errors.
func Clean() *report.Run {
	r := Run()
	r.Findings = nil
	r.Errors = nil
	return r
}

type spanT struct{ start, end token.Position }

// span locates the nth occurrence of text in src and returns its start and
// end positions with 1-based lines and byte columns, as the driver makes them.
func span(file, src, text string, nth int) spanT {
	off := -1
	for i := 0; i <= nth; i++ {
		j := strings.Index(src[off+1:], text)
		if j < 0 {
			panic(fmt.Sprintf("reporttest: %q occurs fewer than %d times", text, nth+1))
		}
		off += 1 + j
	}
	return spanT{start: position(file, src, off), end: position(file, src, off+len(text))}
}

// position returns the token.Position of byte offset off in src.
func position(file, src string, off int) token.Position {
	lineStart := strings.LastIndexByte(src[:off], '\n') + 1
	return token.Position{
		Filename: file,
		Offset:   off,
		Line:     strings.Count(src[:off], "\n") + 1,
		Column:   off - lineStart + 1,
	}
}
