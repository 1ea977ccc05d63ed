package rules_test

import (
	"testing"

	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/lint"
)

// hadolintDefaults are hadolint's rules and default severities
// (src/Hadolint/Rule/*.hs, README's table agrees); "ignore" rules run only
// when overridden.
var hadolintDefaults = map[string]string{
	"BA002":  "error", // hadolint's DL1000: the file does not parse
	"DL1001": "ignore",
	"DL3000": "error",
	"DL3001": "info",
	"DL3002": "warning",
	"DL3003": "warning",
	"DL3004": "error",
	"DL3006": "warning",
	"DL3007": "warning",
	"DL3008": "warning",
	"DL3009": "info",
	"DL3010": "info",
	"DL3011": "error",
	"DL3012": "error",
	"DL3013": "warning",
	"DL3014": "warning",
	"DL3015": "info",
	"DL3016": "warning",
	"DL3018": "warning",
	"DL3019": "info",
	"DL3020": "error",
	"DL3021": "error",
	"DL3022": "warning",
	"DL3023": "error",
	"DL3024": "error",
	"DL3025": "warning",
	"DL3026": "error",
	"DL3027": "warning",
	"DL3028": "warning",
	"DL3029": "warning",
	"DL3030": "warning",
	"DL3032": "warning",
	"DL3033": "warning",
	"DL3034": "warning",
	"DL3035": "warning",
	"DL3036": "warning",
	"DL3037": "warning",
	"DL3038": "warning",
	"DL3040": "warning",
	"DL3041": "warning",
	"DL3042": "warning",
	"DL3043": "error",
	"DL3044": "error",
	"DL3045": "warning",
	"DL3046": "warning",
	"DL3047": "info",
	"DL3048": "style",
	"DL3049": "info",
	"DL3050": "info",
	"DL3051": "warning",
	"DL3052": "warning",
	"DL3053": "warning",
	"DL3054": "warning",
	"DL3055": "warning",
	"DL3056": "warning",
	"DL3057": "ignore",
	"DL3058": "warning",
	"DL3059": "info",
	"DL3060": "info",
	"DL3061": "error",
	"DL3062": "warning",
	"DL3063": "warning",
	"DL3064": "warning",
	"DL3065": "warning",
	"DL3066": "info",
	"DL3067": "warning",
	"DL4000": "error",
	"DL4001": "warning",
	"DL4003": "warning",
	"DL4004": "error",
	"DL4005": "warning",
	"DL4006": "warning",
}

// TestHadolintPreset checks that preset "hadolint" is exactly hadolint's
// default rule set, at hadolint's severities.
func TestHadolintPreset(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All() {
		sev, known := hadolintDefaults[r.Code]
		in := lint.InPreset(lint.PresetHadolint, r)
		switch {
		case !known && in:
			t.Errorf("%s: in the hadolint preset, but not a hadolint rule", r.Code)
		case known && sev == "ignore" && in:
			t.Errorf("%s: in the hadolint preset, but off in hadolint", r.Code)
		case known && sev != "ignore" && !in:
			t.Errorf("%s: on in hadolint, not in the hadolint preset", r.Code)
		case known && sev != "ignore" && r.Severity.String() != sev:
			t.Errorf("%s: severity %s, hadolint's is %s", r.Code, r.Severity, sev)
		}
		seen[r.Code] = known
	}
	for code := range hadolintDefaults {
		if !seen[code] {
			t.Errorf("%s: hadolint rule without a ballast rule", code)
		}
	}
}
