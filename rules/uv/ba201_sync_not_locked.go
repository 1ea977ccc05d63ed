package uv

import (
	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// BA201 flags `uv sync` that may re-resolve instead of installing the lock.
var BA201 = &lint.Rule{
	Code:     "BA201",
	Name:     "sync-not-locked",
	Category: "uv",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc: `uv sync runs without --locked or --frozen

## Why
Without ` + "`--locked`" + ` or ` + "`--frozen`" + `, ` + "`uv sync`" + ` checks whether uv.lock still
matches pyproject.toml and, when it does not, resolves again and installs whatever the index
serves today. The image then holds versions nobody reviewed, and two builds of the same commit can
differ. ` + "`--locked`" + ` makes the build fail instead when the lock is stale; ` + "`--frozen`" + `
installs the lock as it is without the check (the Docker guide's choice for a first layer that has
only uv.lock and pyproject.toml).

` + "`UV_LOCKED=1`" + ` or ` + "`UV_FROZEN=1`" + ` set by ENV earlier in the stage (or its parent
stages), or as an assignment before the command, count as the flags.

## Example
` + "```dockerfile" + `
COPY pyproject.toml uv.lock ./
RUN uv sync --no-dev
` + "```" + `

## Use instead
` + "```dockerfile" + `
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev
` + "```" + `

## Fix safety
The fix adds ` + "`--locked`" + ` after ` + "`uv sync`" + `. It is unsafe: a build whose lock is
stale, which used to pass by re-locking, now fails until the lock is updated — which is the point,
but it changes what the build does.

## References
uv docs, "Using uv in Docker" (intermediate layers, ` + "`--locked`" + `/` + "`--frozen`" + `);
` + "`uv sync --help`" + `.`,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer},
	Run:      runBA201,
}

func runBA201(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	for _, s := range uvSyncs(f) {
		if s.cmd.Has("--locked", "--frozen") || dockerfile.Truthy(s.cmd.Env["UV_LOCKED"]) || dockerfile.Truthy(s.cmd.Env["UV_FROZEN"]) {
			continue
		}
		if v, ok := f.EnvBefore(s.in, "UV_LOCKED"); ok && dockerfile.Truthy(v) {
			continue
		}
		if v, ok := f.EnvBefore(s.in, "UV_FROZEN"); ok && dockerfile.Truthy(v) {
			continue
		}
		fix := lint.Replace(f, "Add --locked", lintSpan(s.sync.End), " --locked")
		lint.Report(pass, f, s.sync, "uv sync runs without --locked or --frozen: it re-resolves when uv.lock is stale instead of failing", fix)
	}
	return nil, nil
}
