package dockerfile

import (
	"testing"
)

func TestMayPipe(t *testing.T) {
	tests := map[string]bool{
		"RUN a | b":          true,
		"RUN a |& b":         true,
		"RUN a|b":            true,
		"RUN a || b":         false,
		"RUN a||b && c":      false,
		"RUN a || b | c":     true,
		"RUN a ||| b":        true,
		"RUN echo a\\\n |":   true,
		"RUN apt-get update": false,
		"":                   false,
	}
	for text, want := range tests {
		if got := mayPipe([]byte(text)); got != want {
			t.Errorf("mayPipe(%q) = %v, want %v", text, got, want)
		}
	}
}
