package lint

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Config is the part of the user's configuration that rules read. The
// driver loads it (.ballast.toml, [tool.ballast] in pyproject.toml, or a
// .hadolint.yaml) and hands it to the graph as ConfigAnalyzer's result, so
// rules never read globals or flags.
type Config struct {
	// TrustedRegistries, when non-empty, is the only registries images may
	// come from (DL3026). Patterns: "*", "*.example.com", "registry*".
	TrustedRegistries []string
	// LabelSchema maps a label key to its type: text, url, semver, hash,
	// rfc3339, spdx or email (DL3049–DL3058).
	LabelSchema map[string]string
	// StrictLabels reports labels that the schema does not list (DL3050).
	StrictLabels bool
	// Python and Platform override the inferred target ("3.12",
	// "linux/arm64"); empty means infer.
	Python   string
	Platform string
	// DiskBudget and MemoryBudget are the free disk and the memory a build
	// may use, in bytes (BA304, BA305); 0 means not set, and the rule is
	// silent.
	DiskBudget, MemoryBudget int64
	// HeavyLayer is the installed size above which one install step is
	// heavy (BA301), in bytes; 0 means the default, 2 GiB.
	HeavyLayer int64
	// ImageStore is the builder's image store, "containerd" or "overlay2",
	// as `ballast doctor` reads it from the engine; empty means the
	// containerd store, the cost model's default.
	ImageStore string
}

// ConfigAnalyzer has the unit's configuration as its result; like the unit,
// the driver provides it (a zero Config when the user has none).
var ConfigAnalyzer = &analysis.Analyzer{
	Name:       "config",
	Doc:        "the user's configuration that rules read\n\nThe driver provides this result; it never runs.",
	Run:        func(*analysis.Pass) (any, error) { return &Config{}, nil },
	ResultType: reflect.TypeFor[*Config](),
}

// ConfigOf returns the pass's configuration (never nil).
func ConfigOf(pass *analysis.Pass) *Config {
	if c, ok := pass.ResultOf[ConfigAnalyzer].(*Config); ok && c != nil {
		return c
	}
	return &Config{}
}
