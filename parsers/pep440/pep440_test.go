package pep440

import "testing"

func TestSpecifiers(t *testing.T) {
	tests := []struct {
		spec, version string
		want          bool
	}{
		{">=3.10", "3.11", true},
		{">=3.10", "3.9.18", false},
		{">=3.10, <4.0", "4.0", false},
		{">=3.10, <4.0", "3.13.1", true},
		{"==3.12.*", "3.12.7", true},
		{"==3.12.*", "3.11.9", false},
		{"!=3.12.*", "3.12.0", false},
		{"~=3.10", "3.14", true},
		{"~=3.10.2", "3.11.0", false},
		{">=3.13.14, <3.14", "3.13.14", true},
		{">=3.13.14, <3.14", "3.13.2", false},
		{"<3.12", "3.12.0rc1", true},
		{">2.5.1", "2.5.1+cu124", false},
		{"==2.5.1", "2.5.1+cu124", true},
		{"==2.5.1+cpu", "2.5.1+cu124", false},
		{"", "1.0", true},
	}
	for _, tt := range tests {
		s, err := ParseSpecifiers(tt.spec)
		if err != nil {
			t.Fatalf("%q: %v", tt.spec, err)
		}
		v, err := Parse(tt.version)
		if err != nil {
			t.Fatalf("%q: %v", tt.version, err)
		}
		if got := s.Contains(v); got != tt.want {
			t.Errorf("%q contains %q = %v, want %v", tt.spec, tt.version, got, tt.want)
		}
	}
}

func TestAllowsMinor(t *testing.T) {
	s, _ := ParseSpecifiers(">=3.11.5")
	if !s.AllowsMinor(3, 11) || s.AllowsMinor(3, 10) {
		t.Error("AllowsMinor: >=3.11.5 must allow 3.11 and exclude 3.10")
	}
}

func TestParseErrors(t *testing.T) {
	for _, bad := range []string{"", "abc", "3..1", "1.0foo"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): want error", bad)
		}
	}
	if _, err := ParseSpecifiers("=>3.10"); err == nil {
		t.Error("ParseSpecifiers(=>3.10): want error")
	}
}

func TestCompareOrder(t *testing.T) {
	order := []string{"1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.1"}
	for i := 1; i < len(order); i++ {
		a, _ := Parse(order[i-1])
		b, _ := Parse(order[i])
		if Compare(a, b) >= 0 {
			t.Errorf("%s must sort before %s", order[i-1], order[i])
		}
	}
}
