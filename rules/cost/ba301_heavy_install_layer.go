package cost

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba301_heavy_install_layer.md
var ba301Doc string

// BA301 flags one install step that writes gigabytes into one layer.
var BA301 = &lint.Rule{
	Code:     "BA301",
	Name:     "heavy-install-layer",
	Category: "cost",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba301Doc,
	Requires: needsCost,
	Run:      runBA301,
}

func runBA301(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	for _, sc := range build.CostOf(pass).Steps {
		h, ok := build.HeavyAfterSource(f, sc, lint.ConfigOf(pass).HeavyLayer)
		if !ok {
			continue
		}
		src := h.Src
		first := "the dependency manifests only"
		switch {
		case sc.Sync != nil:
			first = "pyproject.toml and uv.lock only, then uv sync --no-install-project"
		case len(sc.Reqs) > 0:
			first = "the requirements file only"
		}
		msg := fmt.Sprintf("%s writes an estimated %s into one layer after %s (line %d): every edit of the copied files downloads %s (%s) again; install them before that copy (%s) and edits reuse the layer",
			installVerb(sc), lint.FormatRange(sc.Installed), headerText(f, src), f.Position(src.Span.Start).Line,
			stackName(h.Heavy), lint.FormatBytes(h.HeavyBytes), first)
		if cpu, ok := cpuTorchSaving(f, sc); ok {
			msg += fmt.Sprintf("; a CPU-only torch would save a further %s (BA302)", lint.FormatBytes(cpu.saved))
		}
		var fix *analysis.SuggestedFix
		if sc.Sync != nil && sc.Cmd != nil {
			fix = build.LayerSplitFix(pass, f, src, sc.In, sc.Cmd, fmt.Sprintf("a source edit then reuses the layer: %s less download and %s less written per rebuild",
				lint.FormatBytes(sc.Download.Value), lint.FormatBytes(sc.Installed.Value)))
		}
		build.ReportStepFix(pass, sc, h.Heavy[0].Name, msg, fix)
	}
	return nil, nil
}

// stackName names a heavy stack for a message: "torch and its 15 CUDA
// wheels", or its largest items.
func stackName(heavy []build.Item) string {
	hasTorch := slices.ContainsFunc(heavy, func(it build.Item) bool { return it.Name == "torch" })
	cuda := 0
	for _, it := range heavy {
		if it.Family == build.FamilyCUDA {
			cuda++
		}
	}
	if hasTorch && cuda > 0 {
		return fmt.Sprintf("torch and %d CUDA %s", cuda, lint.Plural(cuda, "wheel", "wheels"))
	}
	names := make([]string, 0, len(heavy))
	for _, it := range heavy {
		names = append(names, it.Name)
	}
	return lint.JoinShort(names, 3)
}

// headerText is an instruction's source on one line, continuations
// joined, shortened for a message.
func headerText(f *dockerfile.File, in *dockerfile.Instruction) string {
	src := string(f.Src[in.Span.Start:in.Span.End])
	src = strings.NewReplacer("\\\r\n", " ", "\\\n", " ").Replace(src)
	text := strings.Join(strings.Fields(src), " ")
	if r := []rune(text); len(r) > 60 {
		text = string(r[:59]) + "…"
	}
	return text
}
