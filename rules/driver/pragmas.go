package driver

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// unknownPragmaCode is the rule the driver reports unknown pragma codes
// under. The check needs the whole registry, which no rule package may
// import (the registry imports them), so the driver, which holds the
// registry in Options.Rules, runs it and attributes the findings to the
// rule it finds there: rules/lint stays a leaf and the rule keeps its doc,
// severity and selection like any other.
const unknownPragmaCode = "BA001"

// applyPragmas adds the findings about unknown pragma codes, then drops
// every finding in the Dockerfile that an ignore pragma covers (those
// about pragmas included, so `# ballast global ignore=BA001` works).
func applyPragmas(unit *lint.Unit, findings []lint.Finding, selected []*lint.Rule, opts Options) []lint.Finding {
	f := unit.Dockerfile
	if f == nil {
		return findings
	}
	pragmas := f.Pragmas()
	if len(pragmas) == 0 {
		return findings
	}
	if r := Lookup(selected, unknownPragmaCode); r != nil && enabledFor(r, unit, opts) {
		findings = append(findings, unknownPragmaCodes(unit, f, pragmas, r, opts)...)
	}
	out := findings[:0]
	for _, fd := range findings {
		if !suppressed(f, pragmas, fd) {
			out = append(out, fd)
		}
	}
	return out
}

// suppressed reports whether an ignore pragma covering the finding's start
// names its rule: by code or name in a ballast pragma, by code in a
// hadolint one (hadolint's grammar has no room for names).
func suppressed(f *dockerfile.File, pragmas []dockerfile.Pragma, fd lint.Finding) bool {
	if fd.File != f.Name {
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
		}
	}
	return false
}

// hadolintOnly matches codes valid in a hadolint pragma that ballast need
// not know: ShellCheck's, and hadolint's DL codes not (yet) ported.
var hadolintOnly = regexp.MustCompile(`^(SC[0-9]+|DL[0-9]{4})$`)

// unknownPragmaCodes reports each listed code or name that no registered
// rule has (the registry, not the selection: --select must not make a
// pragma wrong).
func unknownPragmaCodes(unit *lint.Unit, f *dockerfile.File, pragmas []dockerfile.Pragma, r *lint.Rule, opts Options) []lint.Finding {
	var out []lint.Finding
	for _, p := range pragmas {
		for _, c := range p.Codes {
			if p.Tool == "ballast" && toolCode.MatchString(c.Code) {
				continue // ShellCheck's codes, reported by rule SC
			}
			if Lookup(opts.Rules, c.Code) != nil && (p.Tool == "ballast" || dockerfile.HadolintCode(c.Code)) {
				continue
			}
			var msg string
			switch {
			case p.Tool == "hadolint" && !dockerfile.HadolintCode(c.Code):
				msg = fmt.Sprintf("%q is not a rule code hadolint accepts; hadolint ignores this whole pragma", c.Code)
			case p.Tool == "hadolint" && hadolintOnly.MatchString(c.Code):
				continue
			default:
				msg = fmt.Sprintf("unknown rule %q in %s pragma", c.Code, p.Tool)
			}
			d := analysis.Diagnostic{Pos: f.Pos(c.Span.Start), End: f.Pos(c.Span.End), Message: msg}
			if fd, ok := finding(unit.Fset, r, d, opts); ok {
				out = append(out, fd)
			}
		}
	}
	return out
}
