package dockerfile

import (
	_ "embed"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed dl3045_copy_relative_dest_without_workdir.md
var dl3045Doc string

// DL3045 flags COPY to a relative destination in a stage that has set no
// WORKDIR yet.
var DL3045 = &lint.Rule{
	Code: "DL3045", Name: "copy-relative-dest-without-workdir", Category: "dockerfile", Severity: lint.Warning,
	Status:   lint.Pedantic,
	URL:      "https://github.com/hadolint/hadolint/wiki/DL3045",
	Doc:      dl3045Doc,
	Requires: needsDockerfile,
	Run:      runDL3045,
}

func runDL3045(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	byName := stagesByName(f)
	// workdirAtEnd says whether a stage has a WORKDIR once all of its
	// instructions ran; stages come in order, so parents are known.
	workdirAtEnd := make(map[*df.Stage]bool, len(f.Stages))
	for _, st := range f.Stages {
		set := false
		if p := parentStage(st, byName); p != nil {
			set = workdirAtEnd[p]
		}
		for _, in := range st.Instructions {
			switch {
			case in.Is("WORKDIR"):
				set = true
			case in.Is("COPY") && !set:
				_, dest, ok := copySourcesAndDest(in)
				if ok && !absoluteCopyDest(trimPathQuotes(dest.Value)) {
					lint.Reportf(pass, f, dest.Span, "COPY to relative destination %s with no WORKDIR set in %s; set a WORKDIR or use an absolute path", dest.Value, stageLabel(st))
				}
			}
		}
		workdirAtEnd[st] = set
	}
	return nil, nil
}

// absoluteCopyDest accepts /path, $VAR and Windows drive paths (C:\x, C:/x).
func absoluteCopyDest(dest string) bool {
	switch {
	case strings.HasPrefix(dest, "/"), strings.HasPrefix(dest, "$"):
		return true
	case len(dest) >= 3 && dest[1] == ':' && (dest[2] == '\\' || dest[2] == '/'):
		return true
	}
	return false
}
