package buildkit

import (
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"golang.org/x/tools/go/analysis"
)

// requires is what every BuildKit check reads: the parsed Dockerfile.
var requires = []*analysis.Analyzer{lint.DockerfileAnalyzer}

// docURL is BuildKit's documentation page of a rule.
func docURL(kebab string) string { return "https://docs.docker.com/go/dockerfile/rule/" + kebab + "/" }

// skipped applies BuildKit's `# check=` semantics to the rule named name
// (BuildKit's name, e.g. "FromAsCasing"): the file's directive, and for
// rules evaluated per instruction (in != nil) the first `check=` comment
// directly above that instruction, merged into it. Experimental rules ignore
// skip: they run only when enabled, which the driver decides.
func skipped(f *dockerfile.File, in *dockerfile.Instruction, name string) bool {
	if name == linter.RuleInvalidDefinitionDescription.Name {
		return false
	}
	cfg, err := f.CheckConfig()
	if err != nil {
		cfg = &linter.Config{}
	}
	if cfg.SkipAll || slices.Contains(cfg.SkipRules, name) {
		return true
	}
	if in == nil {
		return false
	}
	// BuildKit's own merge: the first comment that parses as a check
	// directive (any case, blanks around '='), its value cut at the first
	// blank so that `check=skip=X // reason` works.
	local := linter.New(&linter.Config{}).WithMergedConfigFromComments(in.Comments)
	_, skip := local.SkippedRules[name]
	return local.SkipAll || skip
}

// report emits a finding at span sp unless the check configuration skips
// the rule named name (BuildKit's name: pass linter.RuleFromAsCasing.Name,
// not the BKnnn var, which would make an initialization cycle). in is the
// instruction the finding belongs to, or nil for the whole-file validations
// that only the file's directive governs.
func report(pass *analysis.Pass, f *dockerfile.File, in *dockerfile.Instruction, name string, sp dockerfile.Span, msg string) {
	if skipped(f, in, name) {
		return
	}
	lint.Report(pass, f, sp, msg, nil)
}
