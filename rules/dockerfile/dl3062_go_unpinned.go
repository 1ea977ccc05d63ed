package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3062 flags go install, get or run of a module without a version.
var DL3062 = &lint.Rule{
	Code: "DL3062", Name: "go-unpinned", Category: "dockerfile", Severity: lint.Warning,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3062",
	Doc: `go install of a module without a pinned version

## Why
` + "`go install`, `go get` and `go run`" + ` of a remote package without ` + "`@version`" + `,
or with ` + "`@latest`" + `, build whatever the module's newest release is on the
day of the build. Two builds of the same Dockerfile can end up with
different programs.

## Example
` + "```dockerfile\nFROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n```" + `

## Use instead
` + "```dockerfile\nFROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n```" + `

## References
hadolint DL3062. ` + "`@none`" + ` is reported like ` + "`@latest`" + `; local packages
(` + "`.`, `./cmd/x`, `/src/app`" + `) need no version. For ` + "`go run`" + ` only the
package is checked, not the program's arguments after it. Unlike hadolint,
operands with a shell expansion and the patterns ` + "`all`, `std`, `cmd`" + ` are
not reported.`,
	Requires: needsDockerfile,
	Run:      runDL3062,
}

// goValueFlags are the go build flags that take the next word (go's flags
// have one dash and are never combined).
var goValueFlags = map[string]bool{
	"-o": true, "-C": true, "-p": true, "-ldflags": true, "-gcflags": true, "-asmflags": true,
	"-gccgoflags": true, "-tags": true, "-mod": true, "-modfile": true, "-pkgdir": true,
	"-overlay": true, "-exec": true, "-toolexec": true, "-buildmode": true, "-compiler": true,
	"-installsuffix": true, "-pgo": true, "-covermode": true, "-coverpkg": true,
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
					skipNext = !hasValue && goValueFlags[name]
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
