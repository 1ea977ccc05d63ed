// Package buildkit implements BuildKit's Dockerfile checks (what
// `docker build --check` reports) as ballast rules BK001–BK022, with
// BuildKit's rule names, semantics, messages and lines.
package buildkit

import "github.com/ballast-dev/ballast/rules/lint"

// Rules lists BuildKit's checks in code order.
func Rules() []*lint.Rule {
	return append(rulesA(), rulesB()...)
}
