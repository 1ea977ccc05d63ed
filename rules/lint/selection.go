package lint

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/bmatcuk/doublestar/v4"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
)

// Choice is what the user asked for, flags and configuration already
// merged: which codes run, which are dropped, at what severity.
type Choice struct {
	// Select, when non-empty, runs only these codes or names ("all" for
	// every rule), including rules that are off by default.
	Select []string
	// Ignore drops these codes or names.
	Ignore []string
	// Severity overrides a code's default severity.
	Severity map[string]Severity
	// Enable turns on rules that run only when named (see
	// Rule.NamedOnly), as config `shellcheck = true` does, without
	// restricting the run to them as Select would.
	Enable []string
	// PerFile drops findings of some codes in some files.
	PerFile []PerFile
	// ExtendSelect adds these codes or names to the default set (ruff's
	// extend-select), where Select replaces it.
	ExtendSelect []string
	// Preset names the default set: PresetBallast (also when empty) or
	// PresetHadolint.
	Preset string
}

// The presets: which rules run when Select names none.
const (
	// PresetBallast is every rule whose Status is Stable.
	PresetBallast = "ballast"
	// PresetHadolint is exactly hadolint's default rule set: its DL rules
	// but those whose severity is "ignore" there, at hadolint's severities
	// (which the DL rules declare).
	PresetHadolint = "hadolint"
)

// Presets are the preset names, for messages.
var Presets = []string{PresetBallast, PresetHadolint}

// hadolintOff are hadolint's rules of default severity "ignore": they
// run only when a severity override turns them on.
var hadolintOff = []string{"DL1001", "DL3057"}

// hadolintParseError is the rule that reports what hadolint reports as
// DL1000, its parse error, which is on there.
const hadolintParseError = "BA002"

// InPreset reports whether a preset's default set holds the rule.
func InPreset(preset string, r *Rule) bool {
	if preset == PresetHadolint {
		return r.Code == hadolintParseError || strings.HasPrefix(r.Code, "DL") && !slices.Contains(hadolintOff, r.Code)
	}
	return r.Status == Stable
}

// PerFile drops the findings of the Ignore codes or names in the files Glob
// matches: a glob without a separator matches the base name, any other the
// absolute path; `**` matches any number of folders.
type PerFile struct {
	Glob   string
	Ignore []string
}

// ValidGlob reports whether a per-file glob is well-formed.
func ValidGlob(glob string) bool { return doublestar.ValidatePathPattern(glob) }

// Selection is the one place that knows which codes exist and which are
// on: it answers, from the registry and the user's Choice, whether a rule
// runs on a file and whether a finding is kept and at what severity.
// Config validation, pragmas, `ballast rules` and `ballast explain` ask it
// too, so that a code means the same everywhere.
type Selection struct {
	registry []*Rule
	choice   Choice
	rules    []*Rule // the registry after Select and Ignore
	// partners holds, for each rule with aliases or aliased, the rules
	// that report the same problem.
	partners map[*Rule][]*Rule
}

// Registry is the selection of a registry with no choice made: the
// defaults, and lookups of codes and names.
func Registry(rules []*Rule) *Selection {
	s := &Selection{registry: rules, rules: rules}
	s.partners = s.aliasPartners()
	return s
}

// NewSelection checks that every code or name the choice's Select,
// ExtendSelect and Ignore lists write is known, and applies them to the
// registry.
func NewSelection(registry []*Rule, c Choice) (*Selection, error) {
	s := &Selection{registry: registry, choice: c}
	if c.Preset != "" && !slices.Contains(Presets, c.Preset) {
		return nil, fmt.Errorf("unknown preset %q (want %s)", c.Preset, strings.Join(Presets, " or "))
	}
	for _, list := range [][]string{c.Select, c.ExtendSelect, c.Ignore} {
		for _, name := range list {
			if _, ok := s.Resolve(name); !ok && !isAll(name) {
				return nil, s.UnknownRule(name)
			}
		}
	}
	s.partners = s.aliasPartners()
	for _, r := range registry {
		if !s.selected(r) {
			continue
		}
		// An ignored rule still runs while a rule reporting the same
		// problem runs: their shared finding is then dropped, whichever
		// of the two codes was ignored.
		if names(c.Ignore, r) && !slices.ContainsFunc(s.partners[r], func(p *Rule) bool { return s.selected(p) && !names(c.Ignore, p) }) {
			continue
		}
		s.rules = append(s.rules, r)
	}
	return s, nil
}

// selected reports whether Select leaves the rule (Ignore aside).
func (s *Selection) selected(r *Rule) bool {
	c := &s.choice
	return len(c.Select) == 0 || names(c.Select, r) || namesToolCode(c.Select, r)
}

// Partners are the codes of the rules that report the same problem as r:
// its aliases, or the rules it is an alias of.
func (s *Selection) Partners(r *Rule) []string {
	var codes []string
	for _, p := range s.partners[r] {
		codes = append(codes, p.Code)
	}
	return codes
}

// aliasPartners pairs every rule that declares aliases with them, both
// ways.
func (s *Selection) aliasPartners() map[*Rule][]*Rule {
	n := 0
	for _, r := range s.registry {
		n += len(r.Aliases)
	}
	if n == 0 {
		return nil
	}
	// Every run builds this more than once (the selection, the config's
	// check, BA001): the map is sized for both ends of every alias.
	var m map[*Rule][]*Rule
	for _, r := range s.registry {
		for _, code := range r.Aliases {
			a := s.withCode(code)
			if a == nil {
				continue
			}
			if m == nil {
				m = make(map[*Rule][]*Rule, 2*n)
			}
			m[r] = append(m[r], a)
			m[a] = append(m[a], r)
		}
	}
	return m
}

// withCode is Lookup for a code as the registry writes it (an alias):
// plain comparisons find it, where Lookup folds the case of every code and
// name it passes.
func (s *Selection) withCode(code string) *Rule {
	// The registry is sorted by code (rules.All): a binary search finds
	// the code there; a registry in another order falls back to Lookup.
	if i, ok := slices.BinarySearchFunc(s.registry, code, compareCode); ok {
		return s.registry[i]
	}
	return s.Lookup(code)
}

func compareCode(r *Rule, code string) int { return strings.Compare(r.Code, code) }

// Rules are the registry's rules that Select and Ignore leave.
func (s *Selection) Rules() []*Rule { return s.rules }

// Enabled are the rules whose findings a run may show on any file: those
// that run and are not ignored, before a file's own directives (an
// experimental BuildKit check a file turns on is not among them). A report
// that lists the rules it checked (SARIF's) lists these.
func (s *Selection) Enabled() []*Rule {
	var on []*Rule
	for _, r := range s.rules {
		if s.Runs(r, nil) && s.Shown(r, nil) {
			on = append(on, r)
		}
	}
	return on
}

// Lookup finds the rule with this code or name, or the rule that reports
// this code of a tool it fronts (SC2086: rule SC); nil when none does.
func (s *Selection) Lookup(codeOrName string) *Rule {
	for _, r := range s.registry {
		if strings.EqualFold(codeOrName, r.Code) || strings.EqualFold(codeOrName, r.Name) {
			return r
		}
	}
	for _, r := range s.registry {
		if r.Reports != nil && r.Reports.Match(codeOrName) {
			return r
		}
	}
	return nil
}

// Resolve turns a code or name as a user writes it into the code findings
// carry: a rule's code, or a tool's code in upper case.
func (s *Selection) Resolve(codeOrName string) (string, bool) {
	r := s.Lookup(codeOrName)
	switch {
	case r == nil:
		return "", false
	case strings.EqualFold(codeOrName, r.Code) || strings.EqualFold(codeOrName, r.Name):
		return r.Code, true
	}
	return strings.ToUpper(codeOrName), true
}

// Runs reports whether a rule Select and Ignore leave runs on a file
// (df is nil for a unit without a Dockerfile): stable rules always; others
// when Select or Enable names them; a NamedOnly rule only then, never
// through a bare "all"; other off-by-default and experimental rules through
// "all". A rule the `# check=` directive governs follows it too: an
// experimental one also runs when the file's `experimental=` names it, and
// any other never runs on a file whose `skip=` names it, whatever the
// user selected, as in BuildKit.
func (s *Selection) Runs(r *Rule, df *dockerfile.File) bool {
	if !s.chosen(r, df) {
		return false
	}
	if !s.turnedOff(r, df) {
		return true
	}
	// A rule turned off runs while a rule reporting the same problem
	// runs, so that the finding they share is dropped (see Shown).
	for _, p := range s.partners[r] {
		if s.chosen(p, df) && !s.turnedOff(p, df) {
			return true
		}
	}
	return false
}

// Shown reports whether the findings of a rule that runs may be shown:
// not when Ignore names it, or the file's `# check=skip=` does.
func (s *Selection) Shown(r *Rule, df *dockerfile.File) bool { return !s.turnedOff(r, df) }

// Merges reports whether the rule's findings may merge with another
// rule's: a finding of a rule that cannot is dropped at once when not
// shown.
func (s *Selection) Merges(r *Rule) bool { return len(s.partners[r]) > 0 }

func (s *Selection) turnedOff(r *Rule, df *dockerfile.File) bool {
	return names(s.choice.Ignore, r) || r.CheckDirective && r.Status != Experimental && df != nil && fileSkips(df, r)
}

// chosen reports whether the choice turns the rule on for a file, Ignore
// and `# check=skip=` aside.
func (s *Selection) chosen(r *Rule, df *dockerfile.File) bool {
	c := &s.choice
	switch {
	case namedIn(c.Select, r), namedIn(c.Enable, r), namedIn(c.ExtendSelect, r):
		return true
	case len(c.Select) == 0 && InPreset(c.Preset, r) && !r.NamedOnly:
		return true
	case len(c.Select) > 0 && r.Status == Stable && s.selected(r) && !r.NamedOnly:
		return true
	case r.NamedOnly:
		return false
	case slices.ContainsFunc(c.Select, isAll), slices.ContainsFunc(c.ExtendSelect, isAll):
		return true
	case r.Status == Experimental && r.CheckDirective && df != nil:
		cfg, err := df.CheckConfig()
		return err == nil && (cfg.ExperimentalAll || slices.Contains(cfg.ExperimentalRules, r.Name))
	}
	return false
}

// fileSkips reports whether the file's `# check=skip=` names the rule by
// its BuildKit name or says all. A directive BuildKit rejects skips
// nothing (BA001 reports it).
func fileSkips(df *dockerfile.File, r *Rule) bool {
	if _, ok := df.Check(); !ok {
		return false // the common case, without parsing anything
	}
	cfg, err := df.CheckConfig()
	return err == nil && (cfg.SkipAll || slices.Contains(cfg.SkipRules, r.Name))
}

// CheckErrors reports whether the file's `# check=` directive says
// error=true: BuildKit then fails the build on any check's finding, so
// the findings of the rules the directive governs become errors.
func CheckErrors(df *dockerfile.File) bool {
	if df == nil {
		return false
	}
	if _, ok := df.Check(); !ok {
		return false
	}
	cfg, err := df.CheckConfig()
	return err == nil && cfg.ReturnAsError
}

// instructionSkips reports whether the `# check=` comment above the
// instruction a finding belongs to skips the rule. BuildKit merges the
// first comment of the block that parses as a check directive (any case,
// blanks around '=', the value cut at the first blank so that
// `check=skip=X // reason` works) into the file's configuration for that
// instruction only; skips only add, so the file's were applied by Runs.
func instructionSkips(r *Rule, in *dockerfile.Instruction) bool {
	if !r.CheckDirective || r.Status == Experimental || in == nil || !mentionsCheck(in.Comments) {
		return false
	}
	local := linter.New(&linter.Config{}).WithMergedConfigFromComments(in.Comments)
	_, skip := local.SkippedRules[r.Name]
	return local.SkipAll || skip
}

// mentionsCheck reports whether a comment may be a check directive, before
// BuildKit's directive parser reads them all: most commented instructions
// carry no directive.
func mentionsCheck(comments []string) bool {
	for _, c := range comments {
		if len(c) >= 5 && strings.Contains(strings.ToLower(c), "check") {
			return true
		}
	}
	return false
}

// Severity is the severity of a diagnostic of rule r: the code's own
// default when it carries one, overridden by the user's for the rule, then
// for the code. A finding turned off is dropped (false) unless Select
// names it, which shows it as info; a finding of an instruction whose
// `# check=` comment skips the rule is dropped.
func (s *Selection) Severity(r *Rule, d *Diagnostic) (Severity, bool) {
	if instructionSkips(r, d.CheckAt) {
		return Off, false
	}
	sev := r.Severity
	// A finding of the rule's own code may set a default of its own (a
	// rule whose findings differ in weight); a tool's code always does.
	if d.Code != "" || d.Severity != Off {
		sev = d.Severity
	}
	if v, ok := s.choice.Severity[r.Code]; ok {
		sev = v
	}
	if d.Code != "" {
		if v, ok := severityOf(s.choice.Severity, d.Code); ok {
			sev = v
		}
	}
	if sev != Off {
		return sev, true
	}
	named := len(s.choice.Select) > 0 && names(s.choice.Select, r)
	if d.Code != "" {
		named = namesCode(s.choice.Select, d.Code)
	}
	return Info, named
}

// Keep applies what the rule-level selection cannot: the lists' entries
// for a finding's own code (an ignored SC2086 is dropped; when only some SC
// codes are selected, the others are), and per-file entries.
func (s *Selection) Keep(f *Finding) bool {
	if f.Code != "" {
		if namesCode(s.choice.Ignore, f.Code) {
			return false
		}
		if len(s.choice.Select) > 0 && !names(s.choice.Select, f.Rule) && !namesCode(s.choice.Select, f.Code) {
			return false
		}
	}
	return !s.perFileIgnored(f)
}

func (s *Selection) perFileIgnored(f *Finding) bool {
	for _, e := range s.choice.PerFile {
		name := filepath.Base(f.File)
		if strings.ContainsRune(e.Glob, '/') || strings.ContainsRune(e.Glob, filepath.Separator) {
			name, _ = filepath.Abs(f.File)
		}
		if ok, _ := doublestar.PathMatch(e.Glob, name); ok && (names(e.Ignore, f.Rule) || namesCode(e.Ignore, f.Code)) {
			return true
		}
	}
	return false
}

// ApplyPragmas drops every finding in the Dockerfile that an ignore pragma
// covers (BA001's about pragmas included, so `# ballast global
// ignore=BA001` works).
func (s *Selection) ApplyPragmas(df *dockerfile.File, findings []Finding) []Finding {
	if df == nil {
		return findings
	}
	pragmas := df.Pragmas()
	if len(pragmas) == 0 {
		return findings
	}
	return slices.DeleteFunc(findings, func(fd Finding) bool { return s.suppressed(df, pragmas, &fd) })
}

// namesCodeOrRule reports whether what a pragma writes names a code or
// the name of the rule of that code.
func (s *Selection) namesCodeOrRule(written, code string) bool {
	if strings.EqualFold(written, code) {
		return true
	}
	r := s.Lookup(code)
	return r != nil && strings.EqualFold(written, r.Name)
}

// suppressed reports whether an ignore pragma covering the finding's start
// names it: by code or name in a ballast pragma, by code in a hadolint one
// (hadolint's grammar has no room for names).
func (s *Selection) suppressed(df *dockerfile.File, pragmas []dockerfile.Pragma, fd *Finding) bool {
	if fd.File != df.Name {
		return false
	}
	for i := range pragmas {
		p := &pragmas[i]
		if p.Kind == dockerfile.PragmaShell || !p.Covers(fd.Start.Offset) {
			continue
		}
		for _, c := range p.Codes {
			if p.Tool == "hadolint" && c.Code == fd.ID() ||
				p.Tool == "ballast" && (strings.EqualFold(c.Code, fd.ID()) || strings.EqualFold(c.Code, fd.Rule.Code) || strings.EqualFold(c.Code, fd.Rule.Name)) {
				return true
			}
			// A merged finding answers to its aliases' codes and names too.
			for _, a := range fd.Aliases {
				if p.Tool == "hadolint" && c.Code == a || p.Tool == "ballast" && s.namesCodeOrRule(c.Code, a) {
					return true
				}
			}
		}
	}
	return false
}

// names reports whether a list names the rule by code or name, any case,
// or holds "all".
func names(list []string, r *Rule) bool {
	return slices.ContainsFunc(list, func(s string) bool {
		return isAll(s) || strings.EqualFold(s, r.Code) || strings.EqualFold(s, r.Name)
	})
}

// namedIn reports whether a list names the rule itself (its code, its
// name, or one of the codes it reports), "all" not counting.
func namedIn(list []string, r *Rule) bool {
	for _, s := range list {
		if !isAll(s) && (strings.EqualFold(s, r.Code) || strings.EqualFold(s, r.Name)) {
			return true
		}
	}
	return namesToolCode(list, r)
}

// namesToolCode reports whether a list names one of the tool codes the
// rule reports (SC2086 selects rule SC).
func namesToolCode(list []string, r *Rule) bool {
	return r.Reports != nil && slices.ContainsFunc(list, r.Reports.Match)
}

// namesCode reports whether a list names a finding's own code.
func namesCode(list []string, code string) bool {
	return code != "" && slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, code) })
}

// severityOf looks a finding's own code up in a severity map, any case.
func severityOf(m map[string]Severity, code string) (Severity, bool) {
	if v, ok := m[code]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, code) {
			return v, true
		}
	}
	return Off, false
}

func isAll(s string) bool { return strings.EqualFold(s, "all") }
