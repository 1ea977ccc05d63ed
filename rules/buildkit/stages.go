package buildkit

import (
	"strconv"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// The stages as BuildKit's buildDispatchStates and resolveStages link them:
// each FROM expanded in the global scope, the earlier stage it builds on,
// and the ONBUILD triggers of the base stages the target reaches.

// fromExpansion is a FROM line's base name and --platform value expanded in
// the global scope. An error leaves the result unset but for the variables
// matched and unmatched before it.
type fromExpansion struct {
	stage                *dockerfile.Stage
	base, platform       shell.ProcessWordResult
	baseErr, platformErr error
}

// stageState is one stage during conversion.
type stageState struct {
	stage *dockerfile.Stage
	base  *stageState
	os    string
	// triggers are the ONBUILD instructions of the base stage that this
	// stage runs, with the commands they wrap.
	triggers []trigger
	deps     []*stageState

	// imageEnv is what the base image's config sets, when the chain of
	// stages ends in scratch or an image whose ENV ballast knows
	// (imageEnvKnown); BuildKit reads it from the registry.
	imageEnv      build.ImageEnv
	imageEnvKnown bool

	env        *dockerfile.Env
	image      *dockerfile.Env
	shell      bool
	workdirSet bool
	declared   map[string]bool
}

type trigger struct {
	onbuild *dockerfile.Instruction
	cmd     instructions.Command
}

// silentLinter is a linter that reports nothing, for parsing commands again:
// instructions.ParseCommand's nil linter panics on a node with a `# check=`
// comment above.
func (d *dispatcher) silentLinter() *linter.Linter {
	if d.silent == nil {
		d.silent = linter.New(&linter.Config{})
	}
	return d.silent
}

// resolveStages expands every FROM line, links every stage to the earlier
// stage its FROM names, and collects the ONBUILD triggers of the parent for
// the child stages that the last stage depends on, as BuildKit's
// buildDispatchStates and resolveStages do.
func (d *dispatcher) resolveStages() []*stageState {
	global := d.m.global.Env
	d.m.from = make([]fromExpansion, len(d.f.Stages))
	states := make([]*stageState, 0, len(d.f.Stages))
	byName := map[string]*stageState{}
	withTriggers := false
	for i, st := range d.f.Stages {
		s := &stageState{stage: st, os: dockerfile.DefaultOS}
		x := &d.m.from[i]
		x.stage = st
		if st.Typed != nil {
			x.base, x.baseErr = d.x.WithMatches(st.Typed.BaseName, global)
			if x.baseErr == nil {
				s.base = byName[x.base.Result]
				if s.base == nil {
					s.imageEnv, s.imageEnvKnown = build.LookupImageEnv(x.base.Result)
				}
			}
			if p := st.Typed.Platform; p != "" {
				x.platform, x.platformErr = d.x.WithMatches(p, global)
				if x.platformErr == nil {
					s.os = platformOS(x.platform.Result)
				}
			}
			if s.base == nil && x.baseErr == nil && x.base.Result == "scratch" {
				// BuildKit gives scratch the target platform whatever
				// --platform says.
				s.os = dockerfile.DefaultOS
			}
		}
		if s.base != nil && hasOnbuild(s.base.stage) {
			withTriggers = true
		}
		if st.Name != "" {
			byName[st.Name] = s
		}
		states = append(states, s)
	}
	if !withTriggers {
		return states
	}
	// Stage names for COPY --from and RUN --mount from= resolve against
	// every stage, the last of a duplicated name winning.
	for _, s := range states {
		for _, in := range s.stage.Instructions {
			s.deps = append(s.deps, commandDeps(in.Command, states, byName)...)
		}
	}
	target := states[len(states)-1]
	initialized := map[*stageState]bool{}
	for {
		changed := false
		for s := range reachable(target) {
			if s.base == nil || initialized[s] {
				continue
			}
			initialized[s] = true
			for _, in := range s.base.stage.Instructions {
				ob, ok := in.Command.(*instructions.OnbuildCommand)
				if !ok {
					continue
				}
				cmd, err := parseTrigger(ob.Expression, d.silentLinter())
				if err != nil {
					continue
				}
				s.triggers = append(s.triggers, trigger{onbuild: in, cmd: cmd})
				if deps := commandDeps(cmd, states, byName); len(deps) > 0 {
					s.deps = append(s.deps, deps...)
					changed = true
				}
			}
		}
		if !changed {
			return states
		}
	}
}

// hasOnbuild reports whether a stage has an ONBUILD instruction.
func hasOnbuild(st *dockerfile.Stage) bool {
	for _, in := range st.Instructions {
		if _, ok := in.Command.(*instructions.OnbuildCommand); ok {
			return true
		}
	}
	return false
}

// platformOS is the operating system a --platform value names: BuildKit
// parses it with containerd's platforms package; only "windows" changes
// anything the checks look at.
func platformOS(platform string) string {
	first, _, _ := strings.Cut(platform, "/")
	if strings.EqualFold(first, "windows") {
		return "windows"
	}
	return dockerfile.DefaultOS
}

// parseTrigger parses an ONBUILD expression the way BuildKit's
// initOnBuildTriggers does.
func parseTrigger(expr string, silent *linter.Linter) (instructions.Command, error) {
	res, err := parser.Parse(strings.NewReader(expr))
	if err != nil {
		return nil, err
	}
	if len(res.AST.Children) != 1 {
		return nil, strconv.ErrSyntax
	}
	return parseCommand(res.AST.Children[0], silent)
}

// parseCommand parses a node into a fresh typed command, which expansion may
// then change.
func parseCommand(node *parser.Node, silent *linter.Linter) (instructions.Command, error) {
	v, err := instructions.ParseInstructionWithLinter(node, silent)
	if err != nil {
		return nil, err
	}
	cmd, ok := v.(instructions.Command)
	if !ok {
		return nil, strconv.ErrSyntax
	}
	return cmd, nil
}

// commandDeps are the stages a command reads from: COPY --from and RUN
// --mount from= (a mount without from= names "scratch", which is a stage
// only when one is named so; mounts look stages up by name only).
func commandDeps(cmd instructions.Command, states []*stageState, byName map[string]*stageState) []*stageState {
	var deps []*stageState
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			break
		}
		if i, err := strconv.Atoi(c.From); err == nil {
			if i >= 0 && i < len(states) {
				deps = append(deps, states[i])
			}
		} else if s := byName[strings.ToLower(c.From)]; s != nil {
			deps = append(deps, s)
		}
	case *instructions.RunCommand:
		for _, m := range instructions.GetMounts(c) {
			from := m.From
			if from == "" {
				from = "scratch"
			}
			if s := byName[strings.ToLower(from)]; s != nil {
				deps = append(deps, s)
			}
		}
	}
	return deps
}

func reachable(target *stageState) map[*stageState]bool {
	seen := map[*stageState]bool{}
	var visit func(*stageState)
	visit = func(s *stageState) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		visit(s.base)
		for _, dep := range s.deps {
			visit(dep)
		}
	}
	visit(target)
	return seen
}
