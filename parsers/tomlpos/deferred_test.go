package tomlpos

import (
	"bytes"
	"testing"
)

// TestPrintableASCII compares the word-at-a-time check with a byte loop
// for every byte value at every place of strings up to 40 bytes.
func TestPrintableASCII(t *testing.T) {
	naive := func(s []byte) bool {
		for _, c := range s {
			if c < ' ' || c > '~' || c == '\\' {
				return false
			}
		}
		return true
	}
	for n := range 41 {
		s := bytes.Repeat([]byte{'a'}, n)
		if !printableASCII(s) {
			t.Fatalf("%q is printable", s)
		}
		for i := range n {
			for c := range 256 {
				s[i] = byte(c)
				if got, want := printableASCII(s), naive(s); got != want {
					t.Fatalf("printableASCII(%q) = %v", s, got)
				}
			}
			s[i] = 'a'
		}
	}
}
