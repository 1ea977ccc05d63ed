package dockerfile

import (
	"strconv"
	"strings"

	df "github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// DL3057 flags an image stage with no HEALTHCHECK of its own or inherited.
var DL3057 = &lint.Rule{
	Code: "DL3057", Name: "missing-healthcheck", Category: "dockerfile", Severity: lint.Info,
	Status: lint.OffByDefault,
	URL:    "https://github.com/hadolint/hadolint/wiki/DL3057",
	Doc: `image stage without a HEALTHCHECK

## Why
Without a HEALTHCHECK, Docker and Swarm only know whether the main process
is running, not whether it still serves. A HEALTHCHECK lets them restart or
stop routing to a container that hangs. ` + "`HEALTHCHECK NONE`" + ` records the
decision not to have one (an orchestrator probes instead, say).

Off by default: Kubernetes ignores HEALTHCHECK, and many images are not
services.

## Example
` + "```dockerfile\nFROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n```" + `

## Use instead
` + "```dockerfile\nFROM python:3.12-slim\nCOPY app.py /app/\nHEALTHCHECK CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"]\nCMD [\"python\", \"/app/app.py\"]\n```" + `

## References
hadolint DL3057 (severity ignore there, so it runs only when enabled). A
HEALTHCHECK counts in the stage itself or in any stage it is built FROM;
one inside ONBUILD does not (it applies to later images). ballast checks
only the stages that can end up as an image: the last stage, and any stage
no later stage builds FROM or copies from (` + "`COPY --from`" + `, ` + "`RUN --mount=from=`" + `),
which can only be meant as a ` + "`--target`" + `. hadolint also reports the
intermediate stages of a chain whose final stage has a HEALTHCHECK, and
build stages whose files are copied out; ballast does not.`,
	Requires: needsDockerfile,
	Run:      runDL3057,
}

func runDL3057(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil || len(f.Stages) == 0 {
		return nil, nil
	}
	byName := stagesByName(f)
	// used holds the stages something else builds on or copies from.
	used := make(map[*df.Stage]bool)
	for _, st := range f.Stages {
		if p := parentStage(st, byName); p != nil {
			used[p] = true
		}
	}
	for _, ref := range copyFromRefs(f) {
		if st := byName[strings.ToLower(ref)]; st != nil {
			used[st] = true
		} else if i, err := strconv.Atoi(ref); err == nil && i >= 0 && i < len(f.Stages) {
			used[f.Stages[i]] = true
		}
	}
	last := f.Stages[len(f.Stages)-1]
	for _, st := range f.Stages {
		if st != last && used[st] {
			continue
		}
		if hasHealthcheck(st, byName) {
			continue
		}
		sp := st.From.KeywordSpan
		if w, ok := fromImageWord(st.From); ok {
			sp = w.Span
		}
		label := stageLabel(st)
		if st == last && st.Name == "" {
			label = "the final stage"
		}
		lint.Reportf(pass, f, sp, "%s has no HEALTHCHECK; add one, or HEALTHCHECK NONE to say it needs none", label)
	}
	return nil, nil
}

// hasHealthcheck reports whether st or a stage it is built FROM has a
// HEALTHCHECK instruction.
func hasHealthcheck(st *df.Stage, byName map[string]*df.Stage) bool {
	for ; st != nil; st = parentStage(st, byName) {
		for _, in := range st.Instructions {
			if in.Is("HEALTHCHECK") {
				return true
			}
		}
	}
	return false
}
