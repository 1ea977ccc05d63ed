package driver

import "testing"

// A fix may leave an instruction BuildKit refuses as it was, never add one.
func TestStillParses(t *testing.T) {
	for _, tc := range []struct {
		name, old, next string
		ok              bool
	}{
		{"valid stays valid", "FROM a\nMAINTAINER x\n", "FROM a\nLABEL maintainer=x\n", true},
		{"refused instruction kept", "FROM a\nRUNN x\nMAINTAINER x\n", "FROM a\nRUNN x\nLABEL maintainer=x\n", true},
		{"refused instruction added", "FROM a\nRUN x\n", "FROM a\nRUN --bogus x\n", false},
		{"one more refused", "FROM a\nRUNN x\nRUN y\n", "FROM a\nRUNN x\nRUNN y\n", false},
		{"instruction moved before FROM", "FROM a\nRUN x\n", "RUN x\nFROM a\n", false},
		{"no longer a Dockerfile", "FROM a\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := stillParses("Dockerfile", []byte(tc.old), []byte(tc.next))
			if (err == nil) != tc.ok {
				t.Errorf("stillParses = %v, want ok %v", err, tc.ok)
			}
		})
	}
}
