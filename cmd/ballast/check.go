package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/config"
	"github.com/ballast-dev/ballast/rules/cost"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/rules/target"
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
		if _, ok := target.ParsePythonRequest(python); !ok {
			return fmt.Errorf("--python: want a version like 3.12, got %q", python)
		}
	}
	if platform != "" {
		if _, err := target.ParsePlatform(platform); err != nil {
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
	if cf.format == "json" {
		for _, g := range groups {
			g.opts.Results = []*analysis.Analyzer{cost.Analyzer}
		}
	}
	res, failing := runGroups(groups, nil)
	if cf.fix || cf.diff {
		var fixes []fixed
		for _, g := range groups {
			fx, err := applyFixes(g.inputs, res, g.opts, cf.unsafeFixes)
			if err != nil {
				fmt.Fprintf(stderr, "ballast: %v\n", err)
				return exitError
			}
			fixes = append(fixes, fx...)
		}
		if err := writeFixes(inputs, fixes, cf.diff, stdout); err != nil {
			fmt.Fprintf(stderr, "ballast: %v\n", err)
			return exitError
		}
		return finishFix(fixes, groups, res, cf, stderr)
	}
	cwd, _ := os.Getwd()
	rep := &report.Run{
		Findings: res.Findings,
		Errors:   res.Errors,
		Sources:  res.Sources,
		Rules:    registry,
		Root:     cwd,
		Version:  Version(),
	}
	var buf bytes.Buffer
	switch cf.format {
	case "json":
		for _, u := range res.Units {
			if c, ok := u.Values[cost.Analyzer].(*cost.Result); ok {
				uc := c.JSON(u.Unit).Rel(rep.RelPath)
				rep.Units = append(rep.Units, report.UnitCost{File: uc.File, Cost: uc})
			}
		}
		err = report.JSON(&buf, rep)
	case "sarif":
		err = sarif.Write(&buf, rep)
	default:
		color := cf.output == "" && !cf.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
		err = report.Text(&buf, rep, report.Options{Color: color})
	}
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if cf.format == "text" && len(res.Sources) == 0 {
		buf.Reset() // nothing was analyzed: the errors below say why
	}
	if !writeReport(buf.Bytes(), cf.output, res.Errors, stdout, stderr) {
		return exitError
	}
	if failing {
		return exitFindings
	}
	return exitOK
}

// writeReport writes a report to the -o file (atomically) or to stdout,
// then the input errors to stderr. It returns false when the report could
// not be written or an input failed: exit code 2.
func writeReport(report []byte, output string, errs []error, stdout, stderr io.Writer) bool {
	var err error
	if output != "" {
		err = writeAtomic(output, report)
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
	cfg       *config.File
	inputs    []driver.Input
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
	for _, in := range inputs {
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

// runGroups runs the driver once per group (over the inputs replace gives,
// when not nil) and merges the results; failing reports whether a finding
// reaches its group's failure threshold.
func runGroups(groups []*group, replace func([]driver.Input) []driver.Input) (*driver.Result, bool) {
	all := &driver.Result{Sources: map[string][]byte{}}
	failing := false
	for _, g := range groups {
		inputs := g.inputs
		if replace != nil {
			inputs = replace(inputs)
		}
		res := driver.Run(inputs, g.opts)
		for _, f := range res.Findings {
			if f.Severity >= g.threshold {
				failing = true
			}
		}
		all.Findings = append(all.Findings, res.Findings...)
		all.Errors = append(all.Errors, res.Errors...)
		all.Units = append(all.Units, res.Units...)
		maps.Copy(all.Sources, res.Sources)
	}
	driver.SortFindings(all.Findings)
	return all, failing
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
		src, err := io.ReadAll(io.LimitReader(stdin, driver.MaxFileSize+1))
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		name := cf.stdinFilename
		if name == "" {
			name = "Dockerfile"
		}
		if src == nil {
			src = []byte{}
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

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so readers never see a partial report.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if st, err := os.Stat(path); err == nil {
		_ = os.Chmod(tmp.Name(), st.Mode().Perm())
	} else {
		_ = os.Chmod(tmp.Name(), 0o644)
	}
	return os.Rename(tmp.Name(), path)
}

// finishFix reports, after --fix or --diff, what was changed on stderr and
// exits by the findings that remain (for --diff: 1 when there is a diff).
func finishFix(fixes []fixed, groups []*group, res *driver.Result, cf checkFlags, stderr io.Writer) int {
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "ballast: %v\n", e)
	}
	if len(res.Errors) > 0 {
		return exitError
	}
	if cf.diff {
		if len(fixes) > 0 {
			return exitFindings
		}
		return exitOK
	}
	n := 0
	for _, fx := range fixes {
		n += fx.applied
	}
	fmt.Fprintf(stderr, "ballast: applied %s in %s\n", plural(n, "fix", "fixes"), plural(len(fixes), "file", "files"))
	// What remains is judged on the files as they are now.
	after, failing := runGroups(groups, func(inputs []driver.Input) []driver.Input {
		var now []driver.Input
		for _, in := range inputs {
			for _, fx := range fixes {
				if fx.input.Path == in.Path {
					in.Src = fx.new
				}
			}
			now = append(now, in)
		}
		return now
	})
	if failing {
		verb := "remain"
		if len(after.Findings) == 1 {
			verb = "remains"
		}
		fmt.Fprintf(stderr, "ballast: %s %s; run without --fix to see them\n", plural(len(after.Findings), "finding", "findings"), verb)
		return exitFindings
	}
	return exitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
