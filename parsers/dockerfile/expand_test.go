package dockerfile

import (
	"slices"
	"testing"
)

// TestExpandedArgs checks the words after `uv` in `uv sync …` after substitution in
// a fixed environment: split where the shell splits, unknown where the
// Dockerfile cannot say.
func TestExpandedArgs(t *testing.T) {
	env := NewEnv(4)
	env.Set("ARGS", " --frozen  --no-dev ")
	env.Set("ONE", "--locked")
	env.Set("EMPTY", "")
	env.Set("GLOB", "*.txt")
	cases := []struct {
		run   string
		want  []string
		known bool
	}{
		{`uv sync --no-dev`, []string{"sync", "--no-dev"}, true},
		{`uv sync $ARGS`, []string{"sync", "--frozen", "--no-dev"}, true},
		{`uv sync "$ARGS"`, []string{"sync", " --frozen  --no-dev "}, true},
		{`uv sync x${ONE}y`, []string{"sync", "x--lockedy"}, true},
		{`uv sync a${ARGS}b`, []string{"sync", "a", "--frozen", "--no-dev", "b"}, true},
		{`uv sync $EMPTY --dev`, []string{"sync", "--dev"}, true},
		{`uv sync "$EMPTY"`, []string{"sync", ""}, true},
		{`uv sync '$ONE'`, []string{"sync", "$ONE"}, true},
		{`uv sync $UNSET`, nil, false},
		{`uv sync ${ONE:-x}`, nil, false},
		{`uv sync $(cat f)`, nil, false},
		{`uv sync $GLOB`, nil, false},
		{`ONE=--frozen; uv sync $ONE`, nil, false},
		{`for ONE in a; do uv sync $ONE; done`, nil, false},
	}
	for _, c := range cases {
		f, err := Parse("Dockerfile", []byte("FROM alpine\nRUN "+c.run+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		known := false
		for _, cmd := range f.Instructions[1].Commands() {
			if cmd.Kind == UVSync {
				got, known = cmd.ExpandedArgs(env)
			}
		}
		if known != c.known || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, %v; want %q, %v", c.run, got, known, c.want, c.known)
		}
	}
}
