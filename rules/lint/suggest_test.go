package lint

import "testing"

func TestNearest(t *testing.T) {
	candidates := []string{"check", "cost", "rules", "explain", "version", "FromAsCasing", "DL3006", "from-latest-tag"}
	for _, c := range []struct {
		word, want string
	}{
		{"chek", "check"},
		{"cots", "cost"},
		{"from-as-casing", "FromAsCasing"},
		{"FROM_AS_CASING", "FromAsCasing"},
		{"DL3306", "DL3006"},
		{"zzz", ""},
		{"Dockerfile", ""},
		{"", ""},
	} {
		got, ok := Nearest(c.word, candidates)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Nearest(%q) = %q, %v; want %q", c.word, got, ok, c.want)
		}
	}
}
