package hygiene

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba108_healthcheck_tool_missing.md
var ba108Doc string

// BA108 flags a HEALTHCHECK, CMD or ENTRYPOINT that runs curl or wget in
// an image that has neither from its base nor from the build.
var BA108 = &lint.Rule{
	Code:     "BA108",
	Name:     "healthcheck-tool-missing",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba108Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, build.TargetAnalyzer},
	Run:      runBA108,
}

// probe is what a HEALTHCHECK runs: the tool, where it is named, the URL
// it fetches ("" when none is written literally), and whether the command
// is that call alone (with an optional `|| exit 1`).
type probe struct {
	tool  string
	name  dockerfile.Span
	url   string
	alone bool
}

func runBA108(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	stages := pass.ResultOf[build.TargetAnalyzer].(*build.Targets).Stages()
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if !in.Is("healthcheck") && !in.Is("cmd") && !in.Is("entrypoint") {
				continue
			}
			p, ok := probeOf(in)
			if !ok || st.Index >= len(stages) {
				continue
			}
			base := stages[st.Index]
			tools, known := build.LookupImageTools(base.Ref)
			if !known || p.tool == "curl" && tools.Curl || p.tool == "wget" && tools.Wget {
				continue
			}
			if mayProvide(f, st, p.tool) {
				continue
			}
			var fix *analysis.SuggestedFix
			msg := fmt.Sprintf("%s runs %s, which %s does not have and no instruction of the build installs: the command fails", strings.ToUpper(in.Keyword), p.tool, base.Ref)
			if in.Is("healthcheck") {
				msg += " and the container is reported unhealthy"
				if tools.Python != "" && tools.Shell && p.alone && p.url != "" && !strings.ContainsAny(p.url, `'"\$`+"`") {
					probeCmd := fmt.Sprintf(`CMD %s -c "import urllib.request; urllib.request.urlopen('%s', timeout=5)"`, tools.Python, p.url)
					fix = lint.Replace(f, "Probe with Python's urllib", dockerfile.Span{Start: cmdStart(f, in), End: in.Span.End}, probeCmd)
				}
			}
			lint.Report(pass, f, p.name, msg+"; install "+p.tool+" in the stage, or probe with the image's Python", fix)
		}
	}
	return nil, nil
}

// probeOf finds the curl or wget the instruction runs: the program of an
// exec form, or a call of its shell form.
func probeOf(in *dockerfile.Instruction) (probe, bool) {
	if in.JSON {
		if len(in.Args) == 0 {
			return probe{}, false
		}
		tool := path.Base(in.Args[0].Value)
		if tool != "curl" && tool != "wget" {
			return probe{}, false
		}
		p := probe{tool: tool, name: in.Args[0].Span, alone: true}
		for _, a := range in.Args[1:] {
			if strings.Contains(a.Value, "://") && p.url == "" {
				p.url = a.Value
			}
		}
		return p, true
	}
	calls := in.Calls()
	for i := range calls {
		c := &calls[i]
		if c.Name != "curl" && c.Name != "wget" {
			continue
		}
		p := probe{tool: c.Name, name: c.NameSpan, alone: true}
		for _, w := range c.Words {
			if w.Literal && strings.Contains(w.Value, "://") && p.url == "" {
				p.url = w.Value
			}
		}
		for j := range calls {
			if j != i && calls[j].Name != "exit" {
				p.alone = false
			}
		}
		return p, true
	}
	return probe{}, false
}

// mayProvide reports whether any RUN, COPY or ADD of the stages the image
// is made of — st, the stages it builds on and those built on it — names
// the tool: an install (apt-get install curl), a use during the build
// (which only works once it is there), or a copied binary.
func mayProvide(f *dockerfile.File, st *dockerfile.Stage, tool string) bool {
	for _, s := range f.Stages {
		if s != st && !slices.Contains(f.StageChain(st), s) && !slices.Contains(f.StageChain(s), st) {
			continue
		}
		for _, in := range s.Instructions {
			x := in
			if in.Onbuild != nil {
				x = in.Onbuild
			}
			if (x.Is("run") || x.Is("copy") || x.Is("add")) && f.MayMentionWord(x, tool) {
				return true
			}
		}
	}
	return false
}

// cmdStart is where a HEALTHCHECK's CMD keyword starts, after its options.
func cmdStart(f *dockerfile.File, in *dockerfile.Instruction) int {
	text := strings.ToUpper(string(f.Src[in.ArgsSpan.Start:in.Span.End]))
	if i := strings.Index(text, "CMD"); i >= 0 {
		return in.ArgsSpan.Start + i
	}
	return in.ArgsSpan.Start
}
