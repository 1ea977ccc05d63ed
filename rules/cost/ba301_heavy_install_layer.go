package cost

import (
	_ "embed"
	"fmt"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// defaultHeavyLayer is BA301's threshold when the configuration sets none.
const defaultHeavyLayer = 2 << 30

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
	for _, sc := range build.CostOf(pass).Steps {
		if sc.Err != nil || sc.Installed.Value <= limit {
			continue
		}
		top := ""
		if len(sc.Items) > 0 {
			top = sc.Items[0].Name
		}
		build.ReportStep(pass, sc, top, fmt.Sprintf("%s writes an estimated %s into one layer (threshold %s); heaviest: %s",
			installVerb(sc), lint.FormatRange(sc.Installed), formatLimit(limit), heaviest(sc.Items, 3, nil)))
	}
	return nil, nil
}
