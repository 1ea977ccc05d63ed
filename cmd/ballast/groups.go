package main

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules/config"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
)

// group is the inputs that share one configuration, and the options and
// failure threshold it gives them.
type group struct {
	cfg    *config.File
	inputs []driver.Input
	// index holds the position of each of inputs among all inputs.
	index     []int
	opts      driver.Options
	threshold lint.Severity
}

// planGroups finds each input's configuration (from its folder, or
// --config) and groups the inputs by it. Configuration values are defaults
// that the flags set on the command line override.
func planGroups(inputs []driver.Input, cf checkFlags, set map[string]bool, threshold lint.Severity, registry []*lint.Rule, stderr io.Writer) ([]*group, error) {
	byDir := map[string]*config.File{}
	byPath := map[string]*group{}
	var groups []*group
	for i, in := range inputs {
		dir := filepath.Dir(in.Path)
		cfg, ok := byDir[dir]
		if !ok {
			var err error
			if cfg, err = config.Load(dir, cf.config); err != nil {
				return nil, err
			}
			byDir[dir] = cfg
		}
		g, ok := byPath[cfg.Path]
		if !ok {
			if err := cfg.Validate(registry); err != nil {
				return nil, err
			}
			if note := cfg.MigrationNote(set["preset"]); note != "" {
				fmt.Fprintln(stderr, note)
			}
			g = newGroup(cfg, cf, set, threshold, registry)
			byPath[cfg.Path] = g
			groups = append(groups, g)
		}
		g.inputs = append(g.inputs, in)
		g.index = append(g.index, i)
	}
	return groups, nil
}

func newGroup(cfg *config.File, cf checkFlags, set map[string]bool, threshold lint.Severity, registry []*lint.Rule) *group {
	g := &group{cfg: cfg, threshold: threshold}
	lc := cfg.Lint // flags override the configuration's target and budgets
	if cf.python != "" {
		lc.Python = cf.python
	}
	if cf.platform != "" {
		lc.Platform = cf.platform
	}
	if n, ok := config.ParseSize(cf.diskBudget); ok {
		lc.DiskBudget = n
	}
	if n, ok := config.ParseSize(cf.memoryBudget); ok {
		lc.MemoryBudget = n
	}
	g.opts = driver.Options{Rules: registry, Select: cfg.Select, Ignore: cfg.Ignore, Severity: cfg.Severity, Config: &lc, ShellCheck: cfg.ShellCheck || cf.shellcheck}
	g.opts.ExtendSelect, g.opts.Preset = cfg.ExtendSelect, cfg.Preset
	if set["select"] {
		// The command line's select is what runs: the configuration's
		// extend-select does not add to it.
		g.opts.Select, g.opts.ExtendSelect = splitList(cf.selectCodes), nil
	}
	if set["extend-select"] {
		g.opts.ExtendSelect = append(slices.Clip(g.opts.ExtendSelect), splitList(cf.extendSelect)...)
	}
	if set["preset"] {
		g.opts.Preset = cf.preset
	}
	if set["ignore"] {
		// As hadolint's --ignore: added to the configuration's list, so
		// a one-off skip does not bring back what the project ignores.
		g.opts.Ignore = append(slices.Clip(g.opts.Ignore), splitList(cf.ignoreCodes)...)
	}
	if cfg.HasFailureThreshold && !set["failure-threshold"] {
		g.threshold = cfg.FailureThreshold
	}
	dir, _ := filepath.Abs(cfg.Dir())
	for _, pf := range cfg.PerFile {
		glob := pf.Path
		if strings.ContainsRune(glob, '/') {
			glob = filepath.Join(dir, filepath.FromSlash(glob))
		}
		g.opts.PerFile = append(g.opts.PerFile, driver.PerFile{Glob: glob, Ignore: pf.Ignore})
	}
	return g
}

// shellCheckNote is said once when ShellCheck is asked for but missing.
const shellCheckNote = "ballast: shellcheck not found on PATH; SC checks skipped"

// checkShellCheck turns ShellCheck off in every group when its binary is
// missing, and says so once on stderr: a missing tool is no failure.
func checkShellCheck(groups []*group, stderr io.Writer) {
	asked := false
	for _, g := range groups {
		asked = asked || g.opts.ShellCheck
	}
	if !asked {
		return
	}
	if _, err := exec.LookPath("shellcheck"); err == nil {
		return
	}
	fmt.Fprintln(stderr, shellCheckNote)
	for _, g := range groups {
		g.opts.ShellCheck = false
	}
}
