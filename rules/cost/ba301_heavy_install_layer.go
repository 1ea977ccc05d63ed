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

// defaultHeavyLayer is BA301's threshold when the configuration sets none.
const defaultHeavyLayer = 2 << 30

// minHeavyStack is the download of heavy packages below which moving them
// into a layer of their own saves too little to report.
const minHeavyStack = 500_000_000

//go:embed ba301_heavy_install_layer.md
var ba301Doc string

// BA301 flags one install step that writes gigabytes into one layer.
var BA301 = &lint.Rule{
	Code:     "BA301",
	Name:     "heavy-install-layer",
	Category: "cost",
	Severity: lint.Warning,
	Doc:      ba301Doc,
	Requires: needsCost,
	Run:      runBA301,
}

func runBA301(pass *analysis.Pass) (any, error) {
	limit := lint.ConfigOf(pass).HeavyLayer
	if limit <= 0 {
		limit = defaultHeavyLayer
	}
	f := lint.DockerfileOf(pass)
	for _, sc := range build.CostOf(pass).Steps {
		// A lock given alone has no layers to arrange.
		if sc.Err != nil || sc.In == nil || sc.Installed.Value <= limit {
			continue
		}
		// The heavy layer is worth a finding only when a change to the
		// Dockerfile would spare it: installed before the source is
		// copied, source edits reuse it. A heavy install that already
		// comes first is the price of the stack (ballast cost shows it),
		// and a CPU-only torch is BA302's finding.
		src := sourceCopyBefore(f, sc.In)
		if src == nil {
			continue
		}
		// A command that names packages brings the heavy stack it names
		// (torch with its CUDA wheels), not the heavy dependencies of what
		// it names: torch among accelerate's dependencies is usually
		// installed already.
		named := sc.Sync == nil && len(sc.Reqs) == 0
		torchNamed := named && slices.Contains(sc.Named, "torch")
		var heavy []build.Item
		var heavyBytes int64
		for _, it := range sc.Items {
			withTorch := torchNamed && (it.Family == build.FamilyCUDA || it.Family == build.FamilyTriton)
			if !isHeavy(it) || named && !slices.Contains(sc.Named, it.Name) && !withTorch {
				continue
			}
			heavy = append(heavy, it)
			heavyBytes += it.Download.Value
		}
		if heavyBytes < minHeavyStack {
			continue
		}
		first := "the dependency manifests only"
		switch {
		case sc.Sync != nil:
			first = "pyproject.toml and uv.lock only, then uv sync --no-install-project"
		case len(sc.Reqs) > 0:
			first = "the requirements file only"
		}
		msg := fmt.Sprintf("%s writes an estimated %s into one layer after %s (line %d): every edit of the copied files downloads %s (%s) again; install them before that copy (%s) and edits reuse the layer",
			installVerb(sc), lint.FormatRange(sc.Installed), headerText(f, src), f.Position(src.Span.Start).Line,
			stackName(heavy), lint.FormatBytes(heavyBytes), first)
		if cpu, ok := cpuTorchSaving(f, sc); ok {
			msg += fmt.Sprintf("; a CPU-only torch would save a further %s (BA302)", lint.FormatBytes(cpu.saved))
		}
		build.ReportStep(pass, sc, heavy[0].Name, msg)
	}
	return nil, nil
}

// isHeavy reports whether an item belongs to the heavy stack of an
// install: torch, CUDA libraries, triton and the large binary wheels.
func isHeavy(it build.Item) bool {
	switch it.Family {
	case build.FamilyCUDA, build.FamilyTorch, build.FamilyTorchCPU, build.FamilyTriton, build.FamilyHeavyNative:
		return true
	default:
	}
	return false
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
