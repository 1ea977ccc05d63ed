package dockerfile

import (
	_ "embed"
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3067_copy_root_from_stage.md
var dl3067Doc string

// DL3067 flags COPY --from=<stage> / /, which copies a whole filesystem.
var DL3067 = &lint.Rule{
	Code: "DL3067", Name: "copy-whole-filesystem", Category: "dockerfile", Severity: lint.Warning,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3067",
	DocFile:  "rules/dockerfile/dl3067_copy_root_from_stage.md",
	Doc:      dl3067Doc,
	Requires: needsDockerfile,
	Run:      runDL3067,
}

func runDL3067(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	byName := stagesByName(f)
	for _, in := range f.Instructions {
		from := in.Flag("from")
		if !in.Is("COPY") || from == nil || !mayHoldSystem(f, byName, from.Value) {
			continue
		}
		srcs, dest, ok := copySourcesAndDest(in)
		if !ok || trimPathQuotes(dest.Value) != "/" {
			continue
		}
		for _, src := range srcs {
			if trimPathQuotes(src.Value) == "/" {
				lint.Reportf(pass, f, src.Span, "COPY --from=%s copies the whole filesystem of %s into /; copy only what the image needs", from.Value, from.Value)
				break
			}
		}
	}
	return nil, nil
}

// mayHoldSystem reports whether the --from source may be a whole operating
// system: a stage of this file whose chain of FROMs starts at an image other
// than scratch and runs instructions of its own, or a bare name no stage
// has (hadolint's reading: a stage). An image reference (namespace, tag,
// digest) or a stage that only renames one is an image ballast cannot see
// into: COPY --from=tonistiigi/xx / / is how such helper images, built FROM
// scratch, are meant to be used. A chain that starts at scratch holds only
// what it copied in.
func mayHoldSystem(f *df.File, byName map[string]*df.Stage, from string) bool {
	if strings.ContainsAny(from, ":$@/") {
		return false
	}
	st := byName[strings.ToLower(from)]
	if n, err := strconv.Atoi(from); err == nil && n >= 0 && n < len(f.Stages) {
		st = f.Stages[n]
	}
	if st == nil {
		return true
	}
	ownWork := false
	for ; st != nil; st = parentStage(st, byName) {
		ownWork = ownWork || len(st.Instructions) > 0
		if st.Typed == nil || strings.EqualFold(st.Typed.BaseName, "scratch") {
			return false
		}
		if parentStage(st, byName) == nil {
			break
		}
	}
	return ownWork
}
