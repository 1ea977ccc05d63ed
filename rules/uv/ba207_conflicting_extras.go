package uv

import (
	_ "embed"
	"slices"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pyproject"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

//go:embed ba207_conflicting_extras.md
var ba207Doc string

// BA207 flags a `uv sync` that selects extras or groups the project
// declares as conflicting: uv refuses it.
var BA207 = &lint.Rule{
	Code:     "BA207",
	Name:     "conflicting-extras",
	Category: "uv",
	Severity: lint.Error,
	Doc:      ba207Doc,
	Requires: []*analysis.Analyzer{lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.PyprojectAnalyzer, build.InstallsAnalyzer},
	Run:      runBA207,
}

// conflictMember is one extra or group of a conflict set, in the
// project's own terms.
type conflictMember struct{ kind, name string }

func (m conflictMember) String() string { return m.kind + " " + m.name }

func runBA207(pass *analysis.Pass) (any, error) {
	f, lock, proj := lint.DockerfileOf(pass), lint.LockOf(pass), lint.PyprojectOf(pass)
	if f == nil {
		return nil, nil
	}
	root, sets, source := conflictSets(lock, proj)
	if len(sets) == 0 {
		return nil, nil
	}
	extras, groups := rootOptions(lock, proj, root)
	for _, st := range pass.ResultOf[build.InstallsAnalyzer].(*build.Installs).Steps {
		sel, c := st.Sync, st.Cmd
		// A variable may bring or drop flags; other roots are another
		// project's conflicts.
		if sel == nil || c == nil || c.Kind != dockerfile.UVSync || c.HasExpansion() || len(sel.Packages) > 0 || sel.AllPackages {
			continue
		}
		on := selected(sel, extras, groups)
		for _, set := range sets {
			var hit []conflictMember
			for _, m := range set {
				if on[m] {
					hit = append(hit, m)
				}
			}
			if len(hit) < 2 {
				continue
			}
			names := make([]string, len(hit))
			for i, m := range hit {
				names[i] = m.String()
			}
			lint.Reportf(pass, f, flagSpan(c, hit), "uv sync selects %s, which %s declares as conflicting: uv refuses to sync; select one of them", lint.JoinAnd(names), source)
		}
	}
	return nil, nil
}

// conflictSets reads the conflict sets of the project at the workspace
// root: from the lock's conflicts, else from pyproject.toml's
// [tool.uv] conflicts; items of other packages are left out.
func conflictSets(lock *uvlock.Lock, proj *pyproject.Project) (string, [][]conflictMember, string) {
	root := ""
	if proj != nil {
		root = uvlock.NormalizeName(proj.Name)
	}
	if lock != nil {
		for _, r := range lock.Roots() {
			if r.Source.Value == "." {
				root = uvlock.NormalizeName(r.Name)
			}
		}
	}
	if root == "" {
		return "", nil, ""
	}
	var sets [][]conflictMember
	add := func(pkg, extra, group string) conflictMember {
		switch {
		case pkg != "" && uvlock.NormalizeName(pkg) != root:
			return conflictMember{}
		case extra != "":
			return conflictMember{"extra", extra}
		case group != "":
			return conflictMember{"group", group}
		}
		return conflictMember{}
	}
	keep := func(set []conflictMember) {
		set = slices.DeleteFunc(set, func(m conflictMember) bool { return m.kind == "" })
		if len(set) >= 2 {
			sets = append(sets, set)
		}
	}
	if lock != nil && len(lock.Conflicts) > 0 {
		for _, items := range lock.Conflicts {
			var set []conflictMember
			for _, it := range items {
				set = append(set, add(it.Package, it.Extra, it.Group))
			}
			keep(set)
		}
		return root, sets, "uv.lock"
	}
	if proj != nil && proj.UV != nil {
		for _, items := range proj.UV.Conflicts {
			var set []conflictMember
			for _, it := range items {
				set = append(set, add(it.Package, it.Extra, it.Group))
			}
			keep(set)
		}
	}
	return root, sets, "pyproject.toml's [tool.uv] conflicts"
}

// rootOptions lists the extras and groups the root project defines, which
// --all-extras and --all-groups select.
func rootOptions(lock *uvlock.Lock, proj *pyproject.Project, root string) (extras, groups []string) {
	if lock != nil {
		for _, p := range lock.Roots() {
			if uvlock.NormalizeName(p.Name) != root {
				continue
			}
			for e := range p.OptionalDependencies {
				extras = append(extras, e)
			}
			for g := range p.DevDependencies {
				groups = append(groups, g)
			}
		}
	}
	if proj != nil {
		for e := range proj.OptionalDependencies {
			extras = append(extras, e)
		}
		for g := range proj.DependencyGroups {
			groups = append(groups, g)
		}
	}
	return extras, groups
}

// selected is the set of extras and groups of the root a sync activates.
func selected(sel *uvlock.Selection, extras, groups []string) map[conflictMember]bool {
	on := map[conflictMember]bool{}
	pick := func(kind string, all bool, chosen, defined, dropped []string) {
		list := chosen
		if all {
			list = append(slices.Clone(chosen), defined...)
		}
		for _, n := range list {
			if !slices.Contains(dropped, n) {
				on[conflictMember{kind, n}] = true
			}
		}
	}
	pick("extra", sel.AllExtras, sel.Extras, extras, sel.NoExtras)
	pick("group", sel.AllGroups, sel.Groups, groups, sel.NoGroups)
	return on
}

// flagSpan is where the sync asks for the last of the conflicting
// members: its --extra or --group flag, or --all-extras/--all-groups; the
// command itself when defaults select it.
func flagSpan(c *dockerfile.Command, hit []conflictMember) dockerfile.Span {
	var sp *dockerfile.Span
	for i := range c.Flags {
		fl := &c.Flags[i]
		switch fl.Name {
		case "--all-extras", "--all-groups":
			sp = &fl.Span
		case "--extra", "--group", "--only-group":
			for _, m := range hit {
				if fl.Value == m.name {
					sp = &fl.Span
				}
			}
		}
	}
	if sp != nil {
		return *sp
	}
	return c.Span
}
