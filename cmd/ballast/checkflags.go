package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/config"
	"github.com/ballast-dev/ballast/rules/lint"
)

type checkFlags struct {
	format        string
	output        string
	outputs       outputSpecs
	selectCodes   string
	extendSelect  string
	preset        string
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
	// cost adds each unit's install cost to the JSON report; an on-save
	// lint leaves it out, as the cost model is most of a run beside a lock.
	cost bool
	// root and sarifCategory shape the SARIF report: the folder its URIs
	// are relative to, and the run's category.
	root, sarifCategory string
	// Target and budgets: they override the configuration's python,
	// platform, disk-budget and memory-budget.
	python, platform, diskBudget, memoryBudget string

	// failAt is the parsed --failure-threshold.
	failAt lint.Severity
	// set names the flags given on the command line: they override the
	// configuration, the others leave it be.
	set map[string]bool
}

// parseCheckFlags parses check's command line into its flags and paths.
// The flag set has already told stderr what is wrong when it fails, or
// printed the usage for flag.ErrHelp.
func parseCheckFlags(args []string, stderr io.Writer) (checkFlags, []string, error) {
	var cf checkFlags
	fs := checkFlagSet(&cf, stderr)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return cf, nil, err
	}
	cf.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { cf.set[f.Name] = true })
	return cf, paths, nil
}

// checkFlagSet declares check's flags into cf; completion lists them too.
func checkFlagSet(cf *checkFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ballast check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cf.format, "format", "text", "output `FORMAT`: "+strings.Join(formats, ", "))
	fs.StringVar(&cf.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.Var(&cf.outputs, "output-format", "also write a report in `FORMAT[=FILE]` (to standard output without =FILE); repeat for several reports in one run")
	fs.StringVar(&cf.selectCodes, "select", "", "run only these comma-separated rule `CODES` or names (or all), including rules off by default")
	fs.StringVar(&cf.extendSelect, "extend-select", "", "add these comma-separated rule `CODES` or names to the default set (pedantic rules, say)")
	fs.StringVar(&cf.preset, "preset", "", "the default rule set: ballast (its own defaults) or hadolint (exactly hadolint's default rules; the default when only a .hadolint.yaml is found)")
	fs.StringVar(&cf.ignoreCodes, "ignore", "", "comma-separated rule `CODES` or names to skip")
	fs.StringVar(&cf.threshold, "failure-threshold", "info", "exit 1 when a finding is at least this `SEVERITY`: error, warning, info or style")
	fs.BoolVar(&cf.noColor, "no-color", false, "never colour the text output (also: NO_COLOR set)")
	fs.StringVar(&cf.context, "context", "", "build context `DIR` (default: each Dockerfile's folder)")
	fs.StringVar(&cf.stdinFilename, "stdin-filename", "", "`NAME` to report for input read from standard input (PATH -)")
	fs.BoolVar(&cf.fix, "fix", false, "apply safe fixes to the Dockerfiles (atomically; only results that re-parse)")
	fs.BoolVar(&cf.unsafeFixes, "unsafe-fixes", false, "with --fix or --diff, also apply fixes that may change behaviour")
	fs.BoolVar(&cf.diff, "diff", false, "print the fixes as a unified diff instead of writing them")
	fs.BoolVar(&cf.cost, "cost", false, "with --format json, add each unit's install cost (as ballast cost --format json writes it) under units[].cost")
	fs.BoolVar(&cf.shellcheck, "shellcheck", false, "run shellcheck (when on PATH) on every shell-form RUN and report its SCnnnn findings (also: config shellcheck = true)")
	fs.StringVar(&cf.root, "root", "", "with --format sarif, make file URIs relative to `DIR` (default: the git repository holding the current folder, else the current folder)")
	fs.StringVar(&cf.sarifCategory, "sarif-category", "", "with --format sarif, the run's `CATEGORY` (automationDetails.id): GitHub keeps the alerts of each category apart")
	addTargetFlags(fs, &cf.python, &cf.platform)
	fs.StringVar(&cf.diskBudget, "disk-budget", "", "free disk the builder has for an install, a `SIZE` such as 40GB; BA304 reports only when it is set")
	fs.StringVar(&cf.memoryBudget, "memory-budget", "", "memory the builder has for an install, a `SIZE` such as 16GiB; BA305 reports only when it is set")
	fs.StringVar(&cf.config, "config", "", "read the configuration from `FILE` instead of finding .ballast.toml, pyproject.toml [tool.ballast] or .hadolint.yaml")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ballast check [flags] [PATH ...]\n\nPATH is a Dockerfile, a directory searched for Dockerfiles, or - for standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// validate checks the values of the flags and parses the threshold.
func (cf *checkFlags) validate() error {
	threshold, err := lint.ParseSeverity(cf.threshold)
	if err != nil || threshold == lint.Off {
		return fmt.Errorf("--failure-threshold: want error, warning, info or style, got %q", cf.threshold)
	}
	cf.failAt = threshold
	if cf.preset != "" && !slices.Contains(lint.Presets, cf.preset) {
		return fmt.Errorf("--preset: want %s, got %q", strings.Join(lint.Presets, " or "), cf.preset)
	}
	if !slices.Contains(formats, cf.format) {
		return fmt.Errorf("--format: want %s, got %q", strings.Join(formats, ", "), cf.format)
	}
	seen := map[string]bool{}
	for _, o := range cf.reports() {
		if !slices.Contains(formats, o.format) {
			return fmt.Errorf("--output-format: want %s, got %q", strings.Join(formats, ", "), o.format)
		}
		if seen[o.path] {
			if o.path == "" {
				return fmt.Errorf("--output-format: only one report can go to standard output; give the others =FILE")
			}
			return fmt.Errorf("--output-format: two reports to %s", o.path)
		}
		seen[o.path] = true
	}
	if err := checkTarget(cf.python, cf.platform); err != nil {
		return err
	}
	for _, b := range []struct{ name, val string }{{"disk-budget", cf.diskBudget}, {"memory-budget", cf.memoryBudget}} {
		if _, ok := config.ParseSize(b.val); b.val != "" && !ok {
			return fmt.Errorf("--%s: want a size like 20GB or 8GiB, got %q", b.name, b.val)
		}
	}
	return nil
}

// reports lists the reports of the run: --format (with -o) unless only
// --output-format was given, then each --output-format.
func (cf *checkFlags) reports() []outputSpec {
	var out []outputSpec
	if len(cf.outputs) == 0 || cf.set["format"] || cf.set["o"] {
		out = append(out, outputSpec{format: cf.format, path: cf.output})
	}
	return append(out, cf.outputs...)
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

func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
