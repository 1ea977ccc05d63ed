package tomlpos

import (
	"bytes"
	"testing"
)

// TestSpecial compares the word-at-a-time search with a byte loop for
// every byte value at every place of strings up to 40 bytes, and from
// every start.
func TestSpecial(t *testing.T) {
	naive := func(s []byte, i int) int {
		for ; i < len(s); i++ {
			if c := s[i]; c < ' ' || c > '~' || c == '\\' || c == '"' {
				return i
			}
		}
		return i
	}
	for n := range 41 {
		s := bytes.Repeat([]byte{'a'}, n)
		for i := range n {
			for c := range 256 {
				s[i] = byte(c)
				for from := 0; from <= n; from++ {
					if got, want := special(s, from), naive(s, from); got != want {
						t.Fatalf("special(%q, %d) = %d, want %d", s, from, got, want)
					}
				}
			}
			s[i] = 'a'
		}
	}
}
