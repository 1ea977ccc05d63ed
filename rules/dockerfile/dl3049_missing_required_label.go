package dockerfile

import (
	_ "embed"
	"maps"
	"slices"
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3049_missing_required_label.md
var dl3049Doc string

// DL3049 flags a stage without a label that the label schema requires.
var DL3049 = &lint.Rule{
	Code: "DL3049", Name: "missing-required-label", Category: "dockerfile", Severity: lint.Info,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3049",
	Doc:      dl3049Doc,
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
