// Package hygiene holds ballast's build-hygiene rules (BA1nn): how a
// Python image gets uv and its dependencies, judged by what the build
// ends up shipping and what it costs to rebuild.
package hygiene

import "github.com/ballast-dev/ballast/rules/lint"

// Rules lists the build-hygiene rules in code order.
func Rules() []*lint.Rule {
	return []*lint.Rule{
		BA104,
		BA108,
		BA109,
		BA111,
	}
}
