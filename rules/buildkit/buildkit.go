// Package buildkit implements BuildKit's Dockerfile checks (what
// `docker build --check` reports) as ballast rules BK001–BK022, with
// BuildKit's rule names, semantics, messages and lines. The file's
// `# check=` directive governs them as it governs BuildKit: skip= drops
// them, experimental= turns experimental ones on, and error=true makes
// their findings errors, as it makes BuildKit fail the build on them.
package buildkit

import "github.com/ballast-dev/ballast/rules/lint"

// Rules lists BuildKit's checks in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{
		BK001, BK002, BK003, BK004, BK005, BK006, BK007, BK008, BK009, BK010, BK011,
		BK012, BK013, BK014, BK015, BK016, BK017, BK018, BK019, BK020, BK021, BK022,
	}
}
