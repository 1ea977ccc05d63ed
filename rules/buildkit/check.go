package buildkit

import (
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// requires is what every BuildKit check reads: the parsed Dockerfile.
var requires = []*analysis.Analyzer{lint.DockerfileAnalyzer}

// docURL is BuildKit's documentation page of a rule.
func docURL(kebab string) string { return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/" }

// skipped applies BuildKit's `# check=` semantics: the file's directive, and
// for rules evaluated per instruction (in != nil) the first `check=` comment
// directly above that instruction, merged into it. Experimental rules ignore
// skip: they run only when enabled, which the driver decides.
func skipped(f *dockerfile.File, in *dockerfile.Instruction, r *lint.Rule) bool {
	if r.Status == lint.Experimental {
		return false
	}
	cfg, err := f.CheckConfig()
	if err != nil {
		cfg = &linter.Config{}
	}
	if cfg.SkipAll || slices.Contains(cfg.SkipRules, r.Name) {
		return true
	}
	if in == nil {
		return false
	}
	for _, c := range in.Comments {
		v, ok := strings.CutPrefix(c, "check=")
		if !ok {
			continue
		}
		local, err := linter.ParseLintOptions(v)
		if err != nil {
			return false
		}
		return local.SkipAll || slices.Contains(local.SkipRules, r.Name)
	}
	return false
}

// report emits a finding of rule r at span sp unless the check
// configuration skips it. in is the instruction the finding belongs to, or
// nil for the whole-file validations that only the file's directive governs.
func report(pass *analysis.Pass, f *dockerfile.File, in *dockerfile.Instruction, r *lint.Rule, sp dockerfile.Span, msg string) {
	if skipped(f, in, r) {
		return
	}
	lint.Report(pass, f, sp, msg, nil)
}
