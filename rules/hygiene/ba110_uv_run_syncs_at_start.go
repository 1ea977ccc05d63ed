package hygiene

import (
	_ "embed"
	"path"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba110_uv_run_syncs_at_start.md
var ba110Doc string

// BA110 flags a CMD or ENTRYPOINT of the final image that runs `uv run`,
// which syncs the project before it runs the command.
var BA110 = &lint.Rule{
	Code:     "BA110",
	Name:     "uv-run-syncs-at-start",
	Category: "hygiene",
	Severity: lint.Warning,
	Fix:      lint.UnsafeFix,
	Doc:      ba110Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.PyprojectAnalyzer, lint.LockAnalyzer, build.CostAnalyzer, lint.ReporterAnalyzer},
	Run:      runBA110,
}

// uvRunValueFlag reports whether an option of uv or uv run takes the next
// word as its value: the command uv runs starts after it.
func uvRunValueFlag(name string) bool {
	switch name {
	case "--with", "--with-editable", "--with-requirements", "--python", "-p", "--extra", "--no-extra",
		"--group", "--no-group", "--only-group", "--env-file", "--directory", "--project", "--package",
		"--index", "--default-index", "--index-url", "-i", "--extra-index-url", "--find-links", "-f",
		"--cache-dir", "--config-file", "--index-strategy", "--keyring-provider", "--resolution",
		"--prerelease", "--link-mode", "--exclude-newer", "--exclude-newer-package",
		"--no-binary-package", "--no-build-package", "--reinstall-package", "--upgrade-package", "-P",
		"--refresh-package", "--color", "--python-platform", "--allow-insecure-host",
		"--config-setting", "-C", "--no-install-package":
		return true
	}
	return false
}

// uvRun is a `uv run` found in a CMD or ENTRYPOINT.
type uvRun struct {
	in *dockerfile.Instruction
	// run spans the word "run"; flags are uv's options, as written.
	run   dockerfile.Span
	flags []string
	// lockFlags span the words --locked and --frozen, which uv refuses
	// beside --no-sync (which implies --frozen).
	lockFlags []dockerfile.Span
	// expansion is set when a word before the command holds a variable;
	// json when the instruction is in exec form.
	expansion, json bool
}

func runBA110(pass *analysis.Pass) (any, error) {
	f := lint.DockerfileOf(pass)
	if f == nil {
		return nil, nil
	}
	syncs := uvSyncSteps(f, build.CostOf(pass))
	proj := lint.PyprojectOf(pass)
	reported := map[*dockerfile.Instruction]bool{}
	for _, target := range build.ShippedTargets(f) {
		chain := f.StageChain(target)
		for _, in := range []*dockerfile.Instruction{lastIn(chain, "entrypoint"), lastIn(chain, "cmd")} {
			r, ok := findUVRun(in)
			if !ok || reported[in] || !hasProject(f, chain, syncs, proj != nil) {
				continue
			}
			if noSync(r.flags) || dockerfile.Truthy(envAt(f, in, "UV_NO_SYNC")) || strings.Contains(in.ArgsText(), "UV_NO_SYNC") {
				continue
			}
			reported[in] = true
			msg, sev, safe := uvRunFinding(f, in, r, chain, syncs, lint.LockOf(pass))
			if sev == lint.Info {
				// The image already holds what uv run would install: it
				// only checks, offline, in milliseconds. Not worth a
				// finding (astral's own uv-docker-example does this).
				continue
			}
			d := lint.Diagnostic{Diagnostic: analysis.Diagnostic{Pos: f.Pos(r.run.Start), End: f.Pos(r.run.End), Message: msg}, Severity: sev}
			// Without a sync in the image, --no-sync would run the command
			// in an environment nothing installed: the remedy is a sync
			// in the build, which no edit of the command makes.
			if fix := noSyncFix(f, in, r); fix != nil && imageSync(f, chain, syncs) != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{*fix}
				if safe {
					d.Fix = lint.SafeFix
				}
			}
			lint.ReportDiagnostic(pass, d)
		}
	}
	return nil, nil
}

// lastIn is the effective instruction of a keyword in an image: the last
// one of the nearest stage of the chain (the target first) that has one.
func lastIn(chain []*dockerfile.Stage, keyword string) *dockerfile.Instruction {
	for _, st := range chain {
		if in := lastOf(st, keyword); in != nil {
			return in
		}
	}
	return nil
}

// noSyncFix adds --no-sync to the uv run, in place of its --locked or
// --frozen (uv refuses them together); nil when a word holds a variable,
// both are given, or UV_LOCKED or UV_FROZEN is set.
func noSyncFix(f *dockerfile.File, in *dockerfile.Instruction, r uvRun) *analysis.SuggestedFix {
	if r.expansion || len(r.lockFlags) > 1 || dockerfile.Truthy(envAt(f, in, "UV_LOCKED")) || dockerfile.Truthy(envAt(f, in, "UV_FROZEN")) {
		return nil
	}
	word := "--no-sync"
	if r.json {
		word = `"--no-sync"`
	}
	if len(r.lockFlags) == 1 {
		return lint.Replace(f, "Replace with --no-sync", r.lockFlags[0], word)
	}
	sep := " "
	if r.json {
		sep = ", "
	}
	return lint.Insert(f, "Add --no-sync", r.run.End, sep+word)
}

// lastOf is the last instruction of st with the keyword.
func lastOf(st *dockerfile.Stage, keyword string) *dockerfile.Instruction {
	var last *dockerfile.Instruction
	for _, in := range st.Instructions {
		if in.Is(keyword) {
			last = in
		}
	}
	return last
}

// envAt is the value ENV gives key at in, quotes removed; "" when unset.
func envAt(f *dockerfile.File, in *dockerfile.Instruction, key string) string {
	v, _ := f.EnvBefore(in, key)
	return strings.Trim(v, `"'`)
}

// findUVRun finds `uv run` as the program of an exec-form or shell-form
// CMD or ENTRYPOINT: uv's own options and run's, up to the command.
func findUVRun(in *dockerfile.Instruction) (uvRun, bool) {
	if in == nil {
		return uvRun{}, false
	}
	type word struct {
		value   string
		span    dockerfile.Span
		literal bool
	}
	var words []word
	if in.JSON {
		for _, a := range in.Args {
			words = append(words, word{a.Value, a.Span, !strings.Contains(a.Value, "$")})
		}
	} else {
		calls := in.Calls()
		if len(calls) == 0 || calls[0].Name != "uv" {
			return uvRun{}, false
		}
		c := calls[0]
		words = append(words, word{"uv", c.NameSpan, true})
		for _, w := range c.Words {
			words = append(words, word{w.Value, w.Span, w.Literal})
		}
	}
	if len(words) < 2 || path.Base(words[0].value) != "uv" {
		return uvRun{}, false
	}
	r := uvRun{in: in, json: in.JSON}
	sub := false
	for i := 1; i < len(words); i++ {
		w := words[i]
		if !w.literal {
			r.expansion = true
		}
		switch {
		case w.value == "--":
			return r, sub
		case strings.HasPrefix(w.value, "-"):
			r.flags = append(r.flags, w.value)
			if w.value == "--locked" || w.value == "--frozen" {
				r.lockFlags = append(r.lockFlags, w.span)
			}
			if uvRunValueFlag(w.value) && i+1 < len(words) {
				i++
				r.flags = append(r.flags, words[i].value)
			}
			if w.value == "-m" || w.value == "--module" {
				return r, sub
			}
		case !sub && w.value == "run":
			sub, r.run = true, w.span
		case !sub:
			return uvRun{}, false // another subcommand
		default:
			return r, true // the command uv runs
		}
	}
	return r, sub
}

// noSync reports whether uv run's options keep it from syncing the
// project: --no-sync, or no project at all.
func noSync(flags []string) bool {
	for _, fl := range flags {
		switch fl {
		case "--no-sync", "--no-project", "--script", "-s", "--gui-script":
			return true
		}
		if strings.HasPrefix(fl, "--no-sync=") {
			return true
		}
	}
	return false
}

// hasProject reports whether the image holds a uv project for uv
// run to sync: a uv sync writes one into it, or its stages copy a
// pyproject.toml in (by name, or the whole context when the context has
// one). Without one, uv run runs the command without syncing.
func hasProject(f *dockerfile.File, chain []*dockerfile.Stage, syncs []*build.StepCost, contextProject bool) bool {
	for _, sc := range syncs {
		if slices.Contains(chain, sc.In.Stage) || copiedInto(f, chain, sc) {
			return true
		}
	}
	for _, st := range chain {
		for _, in := range st.Instructions {
			for _, s := range build.ContextSources(in) {
				if path.Base(s) == "pyproject.toml" || contextProject && isWholeContext(s) {
					return true
				}
			}
		}
	}
	return false
}

// isWholeContext reports whether a COPY source is the build context's root.
func isWholeContext(src string) bool {
	return src == "." || src == "./" || src == "/" || src == "./."
}

// uvRunFinding says what uv run does at each start, and whether --no-sync
// is safe: the final image's own last sync installs, in the same project
// directory, what uv run would (the project, and the dev group when the
// project has one, since uv run syncs it), and uv run asks for nothing
// more.
func uvRunFinding(f *dockerfile.File, in *dockerfile.Instruction, r uvRun, chain []*dockerfile.Stage, syncs []*build.StepCost, lock *uvlock.Lock) (msg string, sev lint.Severity, safe bool) {
	const base = "uv run syncs the project at every container start"
	last := imageSync(f, chain, syncs)
	if last == nil {
		return base + " and the image has no uv sync: each start installs the dependencies, which needs the network; sync in the build and add --no-sync", lint.Warning, false
	}
	// A venv copied from a builder may sit where uv run looks or not:
	// the fix is left to a review.
	copied := !slices.Contains(chain, last.In.Stage)
	runDir, ok1 := build.Workdir(f, in)
	syncDir, ok2 := build.Workdir(f, last.In)
	sameDir := ok1 && ok2 && runDir == syncDir && len(last.Cmd.Values("--directory", "--project")) == 0
	for _, fl := range r.flags {
		switch fl {
		case "--extra", "--all-extras", "--group", "--all-groups", "--only-group", "--with", "--with-editable", "--with-requirements", "--package", "--all-packages", "--directory", "--project", "--isolated", "--exact", "--reinstall", "--upgrade", "-U":
			sameDir = false
		}
	}
	runNoDev := slices.Contains(r.flags, "--no-dev") || dockerfile.Truthy(envAt(f, in, "UV_NO_DEV"))
	switch {
	case last.Sync.NoInstallProject:
		return base + ": each start installs the project, which the image's last uv sync left out (--no-install-project); install it in the build and add --no-sync", lint.Warning, false
	case !runNoDev && !last.Sync.GroupSelected("dev") && build.HasGroup(lock, "dev"):
		return base + ": each start installs the dev group, which the image's uv sync left out, and needs the network for it; add --no-sync", lint.Warning, false
	}
	return base + ": it checks the environment against the lock before the command runs; add --no-sync", lint.Info, sameDir && !copied && !last.Sync.OnlyGroups
}

// imageSync is the last uv sync of the image: in a stage of it, else in a
// builder whose venv a stage of it copies; nil when there is none.
func imageSync(f *dockerfile.File, chain []*dockerfile.Stage, syncs []*build.StepCost) *build.StepCost {
	var last, copied *build.StepCost
	for _, sc := range syncs {
		switch {
		case slices.Contains(chain, sc.In.Stage):
			last = sc
		case copiedInto(f, chain, sc):
			copied = sc
		}
	}
	if last == nil {
		return copied
	}
	return last
}

// copiedInto reports whether a stage of the chain copies the venv of the
// sync out of its stage.
func copiedInto(f *dockerfile.File, chain []*dockerfile.Stage, sc *build.StepCost) bool {
	dir := build.VenvDir(f, sc.In, sc.Cmd)
	if dir == "" {
		return false
	}
	for _, st := range chain {
		if build.CopiesOut(f, st, sc.In.Stage, dir) {
			return true
		}
	}
	return false
}
