package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3062_go_unpinned.md
var dl3062Doc string

// DL3062 flags go install, get or run of a module without a version.
var DL3062 = &lint.Rule{
	Code: "DL3062", Name: "go-unpinned", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3062",
	Doc:      dl3062Doc,
	Requires: needsDockerfile,
	Run:      runDL3062,
}

// goValueFlag reports whether a go build flag takes the next word (go's flags
// have one dash and are never combined).
func goValueFlag(name string) bool {
	switch name {
	case "-o", "-C", "-p", "-ldflags", "-gcflags", "-asmflags", "-gccgoflags", "-tags", "-mod",
		"-modfile", "-pkgdir", "-overlay", "-exec", "-toolexec", "-buildmode", "-compiler",
		"-installsuffix", "-pgo", "-covermode", "-coverpkg":
		return true
	}
	return false
}

// goSubcommands are the go subcommands that fetch a module.
var goSubcommands = []string{"install", "get", "run"}

func runDL3062(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, true, func(in *df.Instruction) {
		if !f.MayMentionWord(in, "go") || !mentionsAny(f, in, goSubcommands) {
			return // see runCallsNaming: skip the shell parse
		}
		calls := runCalls(in)
		for i := range calls {
			c := &calls[i]
			if c.Name != "go" || len(c.Words) == 0 {
				continue
			}
			sub := c.Words[0].Value
			if sub != "install" && sub != "get" && sub != "run" {
				continue
			}
			skipNext := false
			for _, w := range c.Words[1:] {
				if skipNext {
					skipNext = false
					continue
				}
				if w.Value == "--" {
					continue
				}
				if strings.HasPrefix(w.Value, "-") {
					// go accepts -flag and --flag alike.
					name, _, hasValue := strings.Cut("-"+strings.TrimLeft(w.Value, "-"), "=")
					skipNext = !hasValue && goValueFlag(name)
					continue
				}
				if w.Literal {
					reportGoUnpinned(pass, f, sub, w)
				}
				if sub == "run" {
					break // the rest are the program's arguments
				}
			}
		}
	})
	return nil, nil
}

func reportGoUnpinned(pass *analysis.Pass, f *df.File, sub string, w df.CmdWord) {
	pkg := w.Value
	if strings.HasPrefix(pkg, ".") || strings.HasPrefix(pkg, "/") || pkg == "all" || pkg == "std" || pkg == "cmd" {
		return
	}
	name, version, ok := strings.Cut(pkg, "@")
	switch {
	case !ok:
		lint.Reportf(pass, f, w.Span, "go %s %s without a version; pin it as %s@<version>", sub, pkg, pkg)
	case version == "latest":
		lint.Reportf(pass, f, w.Span, "go %s %s follows the newest release; pin it as %s@<version>", sub, pkg, name)
	case version == "none":
		lint.Reportf(pass, f, w.Span, "go %s %s names no version; pin it as %s@<version>", sub, pkg, name)
	}
}
