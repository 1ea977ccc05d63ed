package dockerfile

import (
	_ "embed"
	"path"
	"slices"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
	"mvdan.cc/sh/v3/syntax"
)

//go:embed dl3003_cd_instead_of_workdir.md
var dl3003Doc string

// DL3003 flags cd in RUN.
var DL3003 = &lint.Rule{
	Code: "DL3003", Name: "cd-instead-of-workdir", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3003",
	Doc:      dl3003Doc,
	Requires: needsDockerfile,
	Run:      runDL3003,
}

func runDL3003(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	eachRun(f, false, func(in *df.Instruction) {
		calls := runCallsNaming(f, in, "cd")
		var removed []string
		inScratch := false
		for i := range calls {
			c := &calls[i]
			if c.Name != "cd" {
				continue
			}
			if removed == nil {
				removed = removedDirs(calls)
			}
			dir, literal := cdTarget(c)
			switch {
			case !literal && fromMktemp(c):
				inScratch = true
			case literal && underAny(dir, removed):
				inScratch = true
			case inScratch && (!literal || !path.IsAbs(dir)):
				// Moving within, or back out of, a directory the RUN
				// deletes: relative moves, `cd -`, `cd`, `cd ~`.
			case inScratch && dir == "/":
			default:
				lint.Reportf(pass, f, c.NameSpan, "cd changes directory for this RUN only; use WORKDIR")
			}
		}
	})
	return nil, nil
}

// cdTarget is the directory a cd enters, cleaned, and whether it is
// literal; "" for a bare cd.
func cdTarget(c *df.Call) (string, bool) {
	_, ops := c.Flags(nil)
	if len(ops) == 0 {
		return "", true
	}
	if !ops[0].Literal {
		return ops[0].Value, false
	}
	return path.Clean(ops[0].Value), true
}

// removedDirs are the directories the RUN's `rm -r` calls delete, cleaned;
// never "/" or ".".
func removedDirs(calls []df.Call) []string {
	dirs := []string{}
	for i := range calls {
		c := &calls[i]
		if c.Name != "rm" {
			continue
		}
		flags, ops := c.Flags(nil)
		recursive := false
		for _, fl := range flags {
			recursive = recursive || fl.Name == "-r" || fl.Name == "-R" || fl.Name == "--recursive"
		}
		if !recursive {
			continue
		}
		for _, op := range ops {
			if d := path.Clean(op.Value); op.Literal && d != "/" && d != "." {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

// underAny reports whether dir is one of dirs or inside one.
func underAny(dir string, dirs []string) bool {
	for _, d := range dirs {
		if dir == d || strings.HasPrefix(dir, d+"/") {
			return true
		}
	}
	return false
}

// fromMktemp reports whether the cd's directory comes from mktemp: `cd
// "$(mktemp -d)"`, or `cd "$tmp"` after `tmp=$(mktemp -d)` in the same
// script. A scratch directory is one WORKDIR cannot make.
func fromMktemp(c *df.Call) bool {
	if c.Expr == nil || c.Script == nil || c.Script.File == nil {
		return false
	}
	var params []string
	found := false
	syntax.Walk(c.Expr, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			found = found || callsMktemp(n)
		case *syntax.ParamExp:
			if n.Param != nil {
				params = append(params, n.Param.Value)
			}
		}
		return !found
	})
	if found || len(params) == 0 {
		return found
	}
	syntax.Walk(c.Script.File, func(n syntax.Node) bool {
		if a, ok := n.(*syntax.Assign); ok && a.Name != nil && a.Value != nil && slices.Contains(params, a.Name.Value) {
			syntax.Walk(a.Value, func(m syntax.Node) bool {
				if cs, ok := m.(*syntax.CmdSubst); ok {
					found = found || callsMktemp(cs)
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// callsMktemp reports whether a command substitution runs mktemp.
func callsMktemp(cs *syntax.CmdSubst) bool {
	found := false
	syntax.Walk(cs, func(n syntax.Node) bool {
		if call, ok := n.(*syntax.CallExpr); ok && len(call.Args) > 0 && path.Base(call.Args[0].Lit()) == "mktemp" {
			found = true
		}
		return !found
	})
	return found
}
