package lint

import (
	"sort"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
)

// MergeAliases reports each problem once: a finding of a rule's alias
// (Rule.Aliases) that pairs with one of the rule's findings is folded into
// it, its code added to Finding.Aliases. shown[i] says whether findings[i]
// may be shown on its own (see Shown, Keep and Severity); a merged finding
// is shown only when both were, so that ignoring or skipping either code
// drops the problem. The findings come back in their order, those not
// shown dropped.
func (s *Selection) MergeAliases(df *dockerfile.File, findings []Finding, shown []bool) []Finding {
	if df != nil && s.partners != nil {
		merged := make([]bool, len(findings))
		for i := range findings {
			p := &findings[i]
			if merged[i] || len(p.Rule.Aliases) == 0 || p.File != df.Name {
				continue
			}
			for _, code := range p.Rule.Aliases {
				j := s.pair(df, findings, merged, i, code)
				if j < 0 {
					continue
				}
				merged[j] = true
				p.Aliases = append(p.Aliases, findings[j].ID())
				shown[i] = shown[i] && shown[j]
			}
		}
		for i := range findings {
			shown[i] = shown[i] && !merged[i]
		}
	}
	out := findings[:0]
	for i := range findings {
		if shown[i] {
			out = append(out, findings[i])
		}
	}
	return out
}

// pair finds the finding of the alias code that reports the same problem
// as findings[i]: on the same instruction (at the same offset if there is
// one there), or for Rule.AliasesInStage the first one not yet merged in
// the same stage on an instruction of the same keyword. -1 when none does.
func (s *Selection) pair(df *dockerfile.File, findings []Finding, merged []bool, i int, code string) int {
	p := &findings[i]
	at := instructionAt(df, p.Start.Offset)
	if at == nil {
		return -1
	}
	best := -1
	for j := range findings {
		a := &findings[j]
		if merged[j] || j == i || a.File != p.File || a.ID() != code {
			continue
		}
		in := instructionAt(df, a.Start.Offset)
		switch {
		case in == nil:
			continue
		case p.Rule.AliasesInStage:
			if in.Stage == at.Stage && in.Stage != nil && in.Keyword != "" && strings.EqualFold(in.Keyword, at.Keyword) {
				return j
			}
		case in == at:
			if a.Start.Offset == p.Start.Offset {
				return j
			}
			if best < 0 {
				best = j
			}
		}
	}
	return best
}

// instructionAt is the top-level instruction whose span holds offset.
func instructionAt(df *dockerfile.File, offset int) *dockerfile.Instruction {
	ins := df.Instructions
	k := sort.Search(len(ins), func(k int) bool { return ins[k].Span.End >= offset })
	if k < len(ins) && ins[k].Span.Start <= offset {
		return ins[k]
	}
	return nil
}
