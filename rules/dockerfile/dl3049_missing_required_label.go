package dockerfile

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3049 flags a stage without a label that the label schema requires.
var DL3049 = &lint.Rule{
	Code: "DL3049", Name: "missing-required-label", Category: "dockerfile", Severity: lint.Info,
	URL: "https://github.com/hadolint/hadolint/wiki/DL3049",
	Doc: `stage without a label the label schema requires

## Why
A label schema lists the labels every image must carry (a version, a
source URL, an owner) so that registries, scanners and people can tell
images apart. An image built without one of them is anonymous in exactly
the way the schema was written to prevent.

## Example
With ` + "`label-schema = { \"org.opencontainers.image.version\" = \"semver\" }`" + `:
` + "```dockerfile\nFROM python:3.12-slim\nCOPY app /app\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nLABEL org.opencontainers.image.version=\"1.4.0\"\nCOPY app /app\n```" + `

## Options
` + "`label-schema`" + `: a map from label key to its type. Every key is required.
Without it the rule reports nothing.

## References
hadolint DL3049. A stage has a label when one of its own LABELs sets it or
when the stage it is built FROM has it (transitively). A stage that lacks
it is still not reported when a stage that builds FROM it or copies from
it (COPY --from, by name or index), directly or through other stages,
has it: such a stage serves an image that is labelled. This reproduces
hadolint's verdicts. One finding per stage and missing label, on the
stage's FROM; a LABEL inside ONBUILD does not count, as in hadolint.`,
	Requires: needsConfig,
	Run:      runDL3049,
}

func runDL3049(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	schema := lint.ConfigOf(pass).LabelSchema
	if f == nil || len(schema) == 0 || len(f.Stages) == 0 {
		return nil, nil
	}
	byName := stagesByName(f)
	// users[i] lists the stages that build FROM stage i or copy from it.
	users := make([][]*df.Stage, len(f.Stages))
	own := make([]map[string]bool, len(f.Stages))
	for _, st := range f.Stages {
		own[st.Index] = map[string]bool{}
		if p := parentStage(st, byName); p != nil {
			users[p.Index] = append(users[p.Index], st)
		}
		for _, in := range st.Instructions {
			switch {
			case in.Is("LABEL"):
				for _, p := range labelPairs(in) {
					own[st.Index][p.Key] = true
				}
			case in.Is("COPY"):
				if fl := in.Flag("from"); fl != nil && fl.HasValue {
					if src := copySourceStage(f, fl.Value, st, byName); src != nil {
						users[src.Index] = append(users[src.Index], st)
					}
				}
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(schema)) {
		has := make([]bool, len(f.Stages))
		for _, st := range f.Stages { // parents come first
			has[st.Index] = own[st.Index][key]
			if p := parentStage(st, byName); p != nil && has[p.Index] {
				has[st.Index] = true
			}
		}
		for _, st := range f.Stages {
			if has[st.Index] || servesLabelled(st.Index, users, has, map[int]bool{}) {
				continue
			}
			sp := st.From.ArgsSpan
			if w, ok := fromImageWord(st.From); ok {
				sp = w.Span
			}
			lint.Reportf(pass, f, sp, "%s has no label %s, which the label schema requires", stageLabel(st), key)
		}
	}
	return nil, nil
}

// servesLabelled reports whether a stage that uses stage i, directly or
// through other stages, has the label.
func servesLabelled(i int, users [][]*df.Stage, has []bool, seen map[int]bool) bool {
	if seen[i] {
		return false
	}
	seen[i] = true
	for _, u := range users[i] {
		if has[u.Index] || servesLabelled(u.Index, users, has, seen) {
			return true
		}
	}
	return false
}

// copySourceStage is the earlier stage a COPY --from value names, by name
// or index, or nil.
func copySourceStage(f *df.File, v string, st *df.Stage, byName map[string]*df.Stage) *df.Stage {
	if src := byName[strings.ToLower(v)]; src != nil && src.Index < st.Index {
		return src
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < st.Index && n < len(f.Stages) {
		return f.Stages[n]
	}
	return nil
}
