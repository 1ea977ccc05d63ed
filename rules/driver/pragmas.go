package driver

import (
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
)

// applyPragmas drops every finding in the Dockerfile that an ignore pragma
// covers (BA001's about pragmas included, so `# ballast global
// ignore=BA001` works).
func applyPragmas(unit *lint.Unit, findings []lint.Finding) []lint.Finding {
	f := unit.Dockerfile
	if f == nil {
		return findings
	}
	pragmas := f.Pragmas()
	if len(pragmas) == 0 {
		return findings
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
