package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/input"
	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/config"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/sarif"
	"golang.org/x/tools/go/analysis"
)

type checkFlags struct {
	format        string
	output        string
	selectCodes   string
	ignoreCodes   string
	threshold     string
	noColor       bool
	context       string
	stdinFilename string
	fix           bool
	unsafeFixes   bool
	diff          bool
	config        string
	shellcheck    bool
	// Target and budgets: they override the configuration's python,
	// platform, disk-budget and memory-budget.
	python, platform, diskBudget, memoryBudget string
}

// addTargetFlags declares the flags that set the install target, shared
// by check and cost.
func addTargetFlags(fs *flag.FlagSet, python, platform *string) {
	fs.StringVar(python, "python", "", "assume this Python `VERSION` (3.12) for every install instead of inferring it from the base image")
	fs.StringVar(platform, "platform", "", "assume this `PLATFORM` (linux/arm64) for every install instead of FROM --platform or linux/amd64")
}

// checkTarget validates --python and --platform.
func checkTarget(python, platform string) error {
	if python != "" {
		if _, ok := build.ParsePythonRequest(python); !ok {
			return fmt.Errorf("--python: want a version like 3.12, got %q", python)
		}
	}
	if platform != "" {
		if _, err := build.ParsePlatform(platform); err != nil {
			return fmt.Errorf("--platform: %w", err)
		}
	}
	return nil
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cf checkFlags
	fs := flag.NewFlagSet("ballast check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cf.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&cf.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&cf.selectCodes, "select", "", "run only these comma-separated rule `CODES` or names (or all), including rules off by default")
	fs.StringVar(&cf.ignoreCodes, "ignore", "", "comma-separated rule `CODES` or names to skip")
	fs.StringVar(&cf.threshold, "failure-threshold", "info", "exit 1 when a finding is at least this `SEVERITY`: error, warning, info or style")
	fs.BoolVar(&cf.noColor, "no-color", false, "never colour the text output (also: NO_COLOR set)")
	fs.StringVar(&cf.context, "context", "", "build context `DIR` (default: each Dockerfile's folder)")
	fs.StringVar(&cf.stdinFilename, "stdin-filename", "", "`NAME` to report for input read from standard input (PATH -)")
	fs.BoolVar(&cf.fix, "fix", false, "apply safe fixes to the Dockerfiles (atomically; only results that re-parse)")
	fs.BoolVar(&cf.unsafeFixes, "unsafe-fixes", false, "with --fix or --diff, also apply fixes that may change behaviour")
	fs.BoolVar(&cf.diff, "diff", false, "print the fixes as a unified diff instead of writing them")
	fs.BoolVar(&cf.shellcheck, "shellcheck", false, "run shellcheck (when on PATH) on every shell-form RUN and report its SCnnnn findings (also: config shellcheck = true)")
	addTargetFlags(fs, &cf.python, &cf.platform)
	fs.StringVar(&cf.diskBudget, "disk-budget", "", "free disk an install may need (BA304), a `SIZE` such as 40GB (default 20GB)")
	fs.StringVar(&cf.memoryBudget, "memory-budget", "", "memory an install may use (BA305), a `SIZE` such as 16GiB (default 8GiB)")
	fs.StringVar(&cf.config, "config", "", "read the configuration from `FILE` instead of finding .ballast.toml, pyproject.toml [tool.ballast] or .hadolint.yaml")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ballast check [flags] [PATH ...]\n\nPATH is a Dockerfile, a directory searched for Dockerfiles, or - for standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	threshold, err := lint.ParseSeverity(cf.threshold)
	if err != nil || threshold == lint.Off {
		fmt.Fprintf(stderr, "ballast: --failure-threshold: want error, warning, info or style, got %q\n", cf.threshold)
		return exitError
	}
	switch cf.format {
	case "text", "json", "sarif":
	default:
		fmt.Fprintf(stderr, "ballast: --format: want text, json or sarif, got %q\n", cf.format)
		return exitError
	}
	if err := checkTarget(cf.python, cf.platform); err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	for _, b := range []struct{ name, val string }{{"disk-budget", cf.diskBudget}, {"memory-budget", cf.memoryBudget}} {
		if _, ok := config.ParseSize(b.val); b.val != "" && !ok {
			fmt.Fprintf(stderr, "ballast: --%s: want a size like 20GB or 8GiB, got %q\n", b.name, b.val)
			return exitError
		}
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	inputs, err := collectInputs(paths, cf, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(inputs) == 0 {
		fmt.Fprintf(stderr, "ballast: no Dockerfile found in %s\n", strings.Join(paths, ", "))
		return exitError
	}
	registry := rules.All()
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	groups, err := planGroups(inputs, cf, set, threshold, registry, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	checkShellCheck(groups, stderr)
	if cf.fix || cf.diff {
		return runFix(groups, len(inputs), cf, stdout, stderr)
	}
	return runReport(groups, len(inputs), registry, cf, stdout, stderr)
}

// runReport analyzes the inputs and renders the report as each unit is
// done, in input order, to stdout or the -o file. The -o file is written
// atomically, and not at all when no input could be analyzed.
func runReport(groups []*group, n int, registry []*lint.Rule, cf checkFlags, stdout, stderr io.Writer) int {
	if cf.format == "json" {
		for _, g := range groups {
			g.opts.Results = []*analysis.Analyzer{build.CostAnalyzer}
		}
	}
	var out output = &stdOutput{w: stdout}
	if cf.output != "" {
		var err error
		if out, err = openReport(cf.output, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "ballast: %v\n", err)
			return exitError
		}
	}
	bw := bufio.NewWriter(out)
	cwd, _ := os.Getwd()
	rep := &report.Run{Rules: registry, Root: cwd, Version: Version()}
	var stream report.Stream
	switch cf.format {
	case "json":
		stream = report.NewJSON(bw, rep)
	case "sarif":
		stream = sarif.NewStream(bw, rep)
	default:
		color := cf.output == "" && !cf.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
		stream = report.NewText(bw, rep, report.Options{Color: color})
	}
	var errs []error
	var werr error
	analyzed, failing := 0, false
	runJobs(groups, n, func(g *group, o *driver.Outcome) {
		if o.Err != nil {
			errs = append(errs, o.Err)
			return
		}
		analyzed++
		failing = failing || reaches(o.Findings, g.threshold)
		u := &report.Unit{Findings: o.Findings, Sources: make(map[string][]byte, len(o.Files))}
		for _, f := range o.Files {
			u.Sources[f.Path] = f.Src
		}
		if c, ok := o.Values[build.CostAnalyzer].(*build.Cost); ok {
			uc := costUnit(c, o.Unit).Rel(rep.RelPath)
			u.Costs = []report.UnitCost{{File: uc.File, Cost: uc}}
		}
		if werr == nil {
			werr = stream.Unit(u)
		}
	})
	if werr == nil && (analyzed > 0 || cf.output == "") {
		werr = stream.Finish(errs)
	}
	if werr == nil {
		werr = bw.Flush()
	}
	switch {
	case werr != nil:
		out.Abort()
		fmt.Fprintf(stderr, "ballast: %v\n", werr)
		return exitError
	case analyzed == 0 && cf.output != "":
		out.Abort() // every input failed: leave the -o file as it was
	default:
		if err := out.Commit(); err != nil {
			fmt.Fprintf(stderr, "ballast: %v\n", err)
			return exitError
		}
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "ballast: %v\n", e)
	}
	switch {
	case len(errs) > 0:
		return exitError
	case failing:
		return exitFindings
	}
	return exitOK
}

// reaches reports whether a finding is at least the failure threshold.
func reaches(findings []lint.Finding, threshold lint.Severity) bool {
	return slices.ContainsFunc(findings, func(f lint.Finding) bool { return f.Severity >= threshold })
}

// runJobs analyzes every input of the groups in input order, each under
// its group's options, and gives each outcome with its group to emit as
// it comes: n is the number of inputs.
func runJobs(groups []*group, n int, emit func(*group, *driver.Outcome)) {
	jobs := make([]driver.Job, n)
	of := make([]*group, n)
	for _, g := range groups {
		for k, i := range g.index {
			jobs[i] = driver.Job{Input: g.inputs[k], Options: &g.opts}
			of[i] = g
		}
	}
	i := 0
	driver.Stream(jobs, 0, func(o *driver.Outcome) {
		emit(of[i], o)
		i++
	})
}

// writeReport writes a whole report to the -o file or to stdout, then the
// input errors to stderr. It returns false when the report could not be
// written or an input failed: exit code 2.
func writeReport(report []byte, path string, errs []error, stdout, stderr io.Writer) bool {
	var err error
	if path != "" {
		var out output
		if out, err = openReport(path, stdout, stderr); err == nil {
			if _, err = out.Write(report); err != nil {
				out.Abort()
			} else {
				err = out.Commit()
			}
		}
	} else {
		_, err = stdout.Write(report)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return false
	}
	for _, e := range errs {
		fmt.Fprintf(stderr, "ballast: %v\n", e)
	}
	return len(errs) == 0
}

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
			if note := cfg.MigrationNote(); note != "" {
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
	if set["select"] {
		g.opts.Select = splitList(cf.selectCodes)
	}
	if set["ignore"] {
		g.opts.Ignore = splitList(cf.ignoreCodes)
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

// parseInterspersed parses flags that may come after positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// collectInputs expands paths into Dockerfile inputs, reading stdin for "-".
func collectInputs(paths []string, cf checkFlags, stdin io.Reader) ([]driver.Input, error) {
	var inputs []driver.Input
	var files []string
	for _, p := range paths {
		if isLockFile(p) {
			inputs = append(inputs, driver.Input{Path: p, Lock: true})
			continue
		}
		if p != "-" {
			files = append(files, p)
			continue
		}
		name := cf.stdinFilename
		if name == "" {
			name = "Dockerfile"
		}
		src, err := input.ReadAll(stdin, "standard input ("+name+")")
		if err != nil {
			return nil, err
		}
		ctx := cf.context
		if ctx == "" {
			ctx = filepath.Dir(name)
		}
		inputs = append(inputs, driver.Input{Path: name, Src: src, Context: ctx})
	}
	found, err := driver.Discover(files)
	if err != nil {
		return nil, err
	}
	for _, f := range found {
		inputs = append(inputs, driver.Input{Path: f, Context: cf.context})
	}
	return inputs, nil
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
