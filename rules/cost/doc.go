// Package cost holds the rules that act on the estimated cost of a
// Dockerfile's dependency installs (BA301–BA305): a heavy layer, CUDA
// wheels in a CPU image, a pre-built base that would save the install, and
// the disk and memory budgets. The estimates themselves are
// rules/build's CostAnalyzer, which the uv rules read too.
package cost
