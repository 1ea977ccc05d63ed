package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"github.com/ballast-dev/ballast/sarif"
	"golang.org/x/tools/go/analysis"
)

// runReport analyzes the inputs and renders each report as each unit is
// done, in input order, to stdout or its file. A file is written
// atomically, and not at all when no input could be analyzed or a report
// failed.
func runReport(groups []*group, n int, registry []*lint.Rule, cf checkFlags, stdout, stderr io.Writer) int {
	specs := cf.reports()
	if cf.cost && slices.ContainsFunc(specs, func(o outputSpec) bool { return o.format == "json" }) {
		for _, g := range groups {
			g.opts.Results = []*analysis.Analyzer{build.CostAnalyzer}
		}
	}
	cwd, _ := os.Getwd()
	rep := &report.Run{Rules: registry, Root: cwd, Version: Version()}
	// SARIF URIs are relative to the repository's root (GitHub resolves
	// them from there), the other reports' to the current folder.
	sarifRun, sarifOpts := rep, sarif.Options{}
	for _, spec := range specs {
		if spec.format != "sarif" {
			continue
		}
		root, err := sarifRoot(cf.root, cwd)
		if err != nil {
			fmt.Fprintf(stderr, "ballast: %v\n", err)
			return exitError
		}
		r := *rep
		r.Root = root
		sarifRun = &r
		sarifOpts = sarif.Options{
			Rules:    enabledRules(groups),
			Category: cf.sarifCategory,
			Notify:   func(msg string) { fmt.Fprintf(stderr, "ballast: %s\n", msg) },
		}
		break
	}
	reports := make([]*reportOutput, 0, len(specs))
	abort := func() {
		for _, r := range reports {
			r.out.Abort()
		}
	}
	for _, spec := range specs {
		var out output = &stdOutput{w: stdout}
		if spec.path != "" {
			var err error
			if out, err = openReport(spec.path, stdout, stderr); err != nil {
				abort()
				fmt.Fprintf(stderr, "ballast: %v\n", err)
				return exitError
			}
		}
		bw := bufio.NewWriter(out)
		color := spec.path == "" && !cf.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(stdout)
		reports = append(reports, &reportOutput{spec: spec, out: out, bw: bw, stream: newStream(spec.format, bw, rep, color, sarifRun, sarifOpts)})
	}
	var errs []error
	var werr error
	analyzed, failing := 0, false
	var reported driver.Reported
	runJobs(groups, n, func(g *group, o *driver.Outcome) {
		if o.Err != nil {
			errs = append(errs, o.Err)
			return
		}
		analyzed++
		dockerfile := ""
		if o.Unit.Dockerfile != nil {
			dockerfile = o.Unit.Dockerfile.Name
		}
		o.Findings = reported.New(o.Findings, dockerfile)
		failing = failing || reaches(o.Findings, g.threshold)
		u := &report.Unit{Findings: o.Findings, Sources: make(map[string][]byte, len(o.Files))}
		for _, f := range o.Files {
			u.Sources[f.Path] = f.Src
		}
		if c, ok := o.Values[build.CostAnalyzer].(*build.Cost); ok {
			uc := costUnit(c, o.Unit).Rel(rep.RelPath)
			u.Costs = []report.UnitCost{{File: uc.File, Cost: uc}}
		}
		for _, r := range reports {
			if werr == nil {
				werr = r.stream.Unit(u)
			}
		}
	})
	for _, r := range reports {
		if werr == nil && (analyzed > 0 || r.spec.path == "") {
			werr = r.stream.Finish(errs)
		}
		if werr == nil {
			werr = r.bw.Flush()
		}
	}
	switch {
	case werr != nil:
		abort()
		fmt.Fprintf(stderr, "ballast: %v\n", werr)
		return exitError
	case analyzed == 0:
		abort() // every input failed: leave the report files as they were
	default:
		for _, r := range reports {
			if err := r.out.Commit(); err != nil {
				abort()
				fmt.Fprintf(stderr, "ballast: %v\n", err)
				return exitError
			}
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

// sarifRoot is the folder SARIF URIs are relative to: --root, else the
// top of the git repository holding cwd (GitHub resolves a URI from the
// repository's root, wherever ballast ran), else cwd.
func sarifRoot(flagRoot, cwd string) (string, error) {
	if flagRoot != "" {
		abs, err := filepath.Abs(flagRoot)
		if err != nil {
			return "", fmt.Errorf("--root: %w", err)
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			return "", fmt.Errorf("--root: %s is not a folder", flagRoot)
		}
		return abs, nil
	}
	for dir := cwd; dir != ""; {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return cwd, nil
}

// enabledRules are the rules any group's selection runs, in registry
// order: the rules a SARIF log lists as checked.
func enabledRules(groups []*group) []*lint.Rule {
	seen := map[*lint.Rule]bool{}
	for _, g := range groups {
		sel, err := g.opts.Selection()
		if err != nil {
			continue // the run reports it
		}
		for _, r := range sel.Enabled() {
			seen[r] = true
		}
	}
	var rules []*lint.Rule
	if len(groups) > 0 {
		for _, r := range groups[0].opts.Rules {
			if seen[r] {
				rules = append(rules, r)
			}
		}
	}
	return rules
}

// reportOutput is one report of a run being written.
type reportOutput struct {
	spec   outputSpec
	out    output
	bw     *bufio.Writer
	stream report.Stream
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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
