package dockerfile

import (
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
)

// knownVars are the variables a RUN of st can expand: every ARG declared
// before it in the file and the ENVs of st and of the stages it builds on.
//
// These are hadolint's declared variables, not BuildKit's scope
// (dockerfile.Scope), and DL3041 must keep them to match hadolint: an ARG
// counts in every later stage (BuildKit scopes it to its stage and to FROM
// lines), a meta ARG counts without being re-declared in the stage, an ARG
// or ENV without a value declares its name just as one with a value does,
// names are read from the words as written, and a stage's base is the last
// stage of that name, which hadolint looks up once for the whole file.
func knownVars(f *df.File, in *df.Instruction) map[string]bool {
	vars := map[string]bool{}
	for _, a := range f.MetaArgs {
		addDeclared(vars, a)
	}
	for _, other := range f.Instructions {
		if other.Span.Start >= in.Span.Start {
			break
		}
		if other.Is("ARG") {
			addDeclared(vars, other)
		}
	}
	byName := stagesByName(f)
	st := in.Stage
	for seen := 0; st != nil && seen < len(f.Stages); seen++ {
		for _, other := range st.Instructions {
			if other.Is("ENV") && other.Span.Start < in.Span.Start {
				addDeclared(vars, other)
			}
		}
		if st.Typed == nil {
			break
		}
		st = parentStage(st, byName)
	}
	return vars
}

// addDeclared adds the names an ARG or ENV instruction declares.
func addDeclared(vars map[string]bool, in *df.Instruction) {
	for i, w := range in.Args {
		k, _, ok := strings.Cut(w.Value, "=")
		if !ok && in.Is("ENV") && i > 0 {
			// legacy `ENV NAME value`: only the first word is a name.
			break
		}
		if k != "" {
			vars[k] = true
		}
	}
}

// expandsKnown reports whether every variable the word's source text
// names is in vars.
func expandsKnown(text string, vars map[string]bool) bool {
	found := false
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		j := i + 1
		brace := j < len(text) && text[j] == '{'
		if brace {
			j++
		}
		k := j
		for k < len(text) && (text[k] == '_' || text[k] >= 'a' && text[k] <= 'z' || text[k] >= 'A' && text[k] <= 'Z' || k > j && text[k] >= '0' && text[k] <= '9') {
			k++
		}
		if k == j || !vars[text[j:k]] {
			return false
		}
		found = true
		i = k - 1
	}
	return found
}
