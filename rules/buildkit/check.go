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

// reporter reports one rule's findings in one Dockerfile under BuildKit's
// `# check=` semantics: the file's directive, and for rules evaluated per
// instruction the first `check=` comment directly above that instruction,
// merged into it. Experimental rules ignore skip: they run only when
// enabled, which the driver decides.
type reporter struct {
	pass *analysis.Pass
	f    *dockerfile.File
	// rule is BuildKit's name of the rule, e.g. "FromAsCasing" (pass
	// linter.RuleFromAsCasing.Name, not the BKnnn var, which would make an
	// initialization cycle).
	rule string

	// fileSkips is whether the file's directive skips the rule, read at the
	// first finding.
	fileSkips *bool
}

func newReporter(pass *analysis.Pass, f *dockerfile.File, rule string) *reporter {
	return &reporter{pass: pass, f: f, rule: rule}
}

// report emits a finding at span sp unless the check configuration skips
// the rule. in is the instruction the finding belongs to, or nil for the
// whole-file validations that only the file's directive governs.
func (r *reporter) report(in *dockerfile.Instruction, sp dockerfile.Span, msg string) {
	if r.skipped(in) {
		return
	}
	lint.Report(r.pass, r.f, sp, msg, nil)
}

func (r *reporter) skipped(in *dockerfile.Instruction) bool {
	if r.rule == linter.RuleInvalidDefinitionDescription.Name {
		return false
	}
	if r.fileSkips == nil {
		cfg, err := r.f.CheckConfig()
		if err != nil {
			cfg = &linter.Config{}
		}
		skips := cfg.SkipAll || slices.Contains(cfg.SkipRules, r.rule)
		r.fileSkips = &skips
	}
	if *r.fileSkips {
		return true
	}
	if in == nil || len(in.Comments) == 0 {
		return false
	}
	// BuildKit's own merge: the first comment that parses as a check
	// directive (any case, blanks around '='), its value cut at the first
	// blank so that `check=skip=X // reason` works.
	local := linter.New(&linter.Config{}).WithMergedConfigFromComments(in.Comments)
	_, skip := local.SkippedRules[r.rule]
	return local.SkipAll || skip
}
