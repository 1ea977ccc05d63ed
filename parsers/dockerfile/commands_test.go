package dockerfile

import (
	"regexp"
	"testing"
)

// TestVersionedNames checks the hand-written program matchers against the
// regular expressions they replace.
func TestVersionedNames(t *testing.T) {
	pipRe := regexp.MustCompile(`^pip[0-9]*(\.[0-9]+)?$`)
	pythonRe := regexp.MustCompile(`^python[0-9]*(\.[0-9]+)?[mtw]?$`)
	var names []string
	for _, stem := range []string{"pip", "python", "pipx", "py", "xpip", ""} {
		for _, tail := range []string{"", "3", "311", ".", "3.", ".1", "3.12", "3.12.1", "3..1", "m", "t", "w", "x",
			"3m", "3.13t", "3.13tt", "3.13x", ".t", "3.t", "-3", "3.12-dev", "0.0w"} {
			names = append(names, stem+tail)
		}
	}
	for _, s := range names {
		if got, want := isPip(s), pipRe.MatchString(s); got != want {
			t.Errorf("isPip(%q) = %v, want %v", s, got, want)
		}
		if got, want := isPython(s), pythonRe.MatchString(s); got != want {
			t.Errorf("isPython(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzVersionedNames(f *testing.F) {
	pipRe := regexp.MustCompile(`^pip[0-9]*(\.[0-9]+)?$`)
	pythonRe := regexp.MustCompile(`^python[0-9]*(\.[0-9]+)?[mtw]?$`)
	f.Add("python3.12t")
	f.Add("pip3")
	f.Fuzz(func(t *testing.T, s string) {
		if isPip(s) != pipRe.MatchString(s) || isPython(s) != pythonRe.MatchString(s) {
			t.Errorf("%q: isPip %v isPython %v", s, isPip(s), isPython(s))
		}
	})
}
