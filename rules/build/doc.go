// Package build says what a Dockerfile's build does, as the rule families
// need it: the target each install runs for, the install steps, and what
// they cost in download, installed bytes, free disk and memory, estimated
// before anything is built. It is not a rule family and holds no rule:
// each result is an analyzer that rules take through Requires, as the
// passes of golang.org/x/tools take passes/inspect. Families (buildkit,
// dockerfile, uv, cost) import this package, rules/lint and the parsers,
// never each other.
//
// The analyzers, in the order they run:
//   - TargetAnalyzer (target.go, env.go, images.go) infers each stage's
//     environment from its base image, FROM --platform and the
//     configuration, and refines it per install step (At); the knowledge
//     of base images is a table in code (images.go); an unknown base
//     yields no guess, and Env.WithDefaults fills what is still unknown
//     with documented defaults, saying so.
//   - InstallsAnalyzer (installs.go) finds each dependency install step
//     (uv sync, uv pip install, pip install) with its selection, its
//     installer settings and its target.
//   - CostAnalyzer (cost.go) walks the lock for each step, chooses the
//     artifact uv would install (catalog.go for packages named without a
//     lock, fallback.go for sizes the lock does not record), and the
//     model (model.go) turns the chosen files into estimates.
//
// The Dockerfile's ARG/ENV scope with BuildKit's semantics is a shared
// analysis too: its model lives in parsers/dockerfile, and the analyzer
// that computes it once per file belongs here, in scope.go, beside the
// target that reads it.
//
// Rendering the cost is report's (report.CostUnit and its text table):
// report may import no analysis, so cmd/ballast copies a Cost into
// report's shape. Sizes and their format (lint.Range, lint.FormatBytes)
// live in rules/lint so that messages and tables write them alike. The
// size fetcher for --fetch-sizes is the leaf package sizes below.
package build
