// Package cost estimates what a Dockerfile's dependency installs will
// download, write and need in free disk and memory, before anything is
// built, and holds the rules that act on those figures (BA204–BA206,
// BA301–BA305).
//
// The pipeline is three analyzers: installs finds each install step and
// its target, Analyzer (named "cost") walks the lock for each step and
// chooses the artifact uv would install, and the model (model.go) turns the
// chosen files into estimates.
package cost
