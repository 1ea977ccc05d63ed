package lint

import (
	"fmt"
	"strings"
)

// Nearest returns the candidate closest to word, compared without case,
// dashes, underscores and blanks (so from-as-casing finds FromAsCasing),
// when it is close enough to be what was meant: at most one edit in four
// letters, and at least one allowed.
func Nearest(word string, candidates []string) (string, bool) {
	w := fold(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(w, fold(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > max(1, len([]rune(w))/4) {
		return "", false
	}
	return best, true
}

// UnknownRule is the error of a code or name no rule has, with the
// nearest code or name when there is one.
func (s *Selection) UnknownRule(name string) error {
	candidates := make([]string, 0, 2*len(s.registry))
	for _, r := range s.registry {
		candidates = append(candidates, r.Code, r.Name)
	}
	if near, ok := Nearest(name, candidates); ok {
		return fmt.Errorf("unknown rule %q; did you mean %s? (see `ballast rules`)", name, near)
	}
	return fmt.Errorf("unknown rule %q (see `ballast rules`)", name)
}

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_', ' ':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// distance is the edit distance between a and b in runes, a swap of two
// neighbours counting as one edit (chekc, cots): the optimal string
// alignment distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}
