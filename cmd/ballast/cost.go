package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/report"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/build/sizes"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// costFlags are the flags of `ballast cost`.
type costFlags struct {
	format, output, context, config, python, platform string
	top                                               int
	fetchSizes                                        bool
	cacheDir, stdinFilename                           string
}

// runCost is `ballast cost`: what each install step will download, write
// and need, per Dockerfile or per lock given alone.
func runCost(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cf costFlags
	fs := costFlagSet(&cf, stderr)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if cf.format != "text" && cf.format != "json" {
		fmt.Fprintf(stderr, "ballast: --format: want text or json, got %q\n", cf.format)
		return exitError
	}
	if err := checkTarget(cf.python, cf.platform); err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return reportCost(paths, cf, stdin, stdout, stderr)
}

// costFlagSet declares cost's flags into cf; completion lists them too.
func costFlagSet(cf *costFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ballast cost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cf.format, "format", "text", "output format: text or json")
	fs.StringVar(&cf.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&cf.context, "context", "", "build context `DIR` (default: each Dockerfile's folder)")
	fs.StringVar(&cf.config, "config", "", "read the configuration from `FILE`")
	fs.StringVar(&cf.stdinFilename, "stdin-filename", "", "`NAME` of the Dockerfile read from standard input (PATH -): its folder is the context where its uv.lock is found")
	addTargetFlags(fs, &cf.python, &cf.platform)
	fs.BoolVar(&cf.fetchSizes, "fetch-sizes", false, "ask the package indexes for the sizes the lock does not record (the only network access ballast makes; cached)")
	fs.StringVar(&cf.cacheDir, "cache-dir", "", "with --fetch-sizes, cache index answers in `DIR` (default: the user cache dir)")
	fs.IntVar(&cf.top, "top", 15, "list the `N` heaviest packages of each step in the text table")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ballast cost [flags] [PATH ...]\n\nPATH is a Dockerfile, a uv.lock, a directory searched for Dockerfiles (or, when it has none, its uv.lock), or - for a Dockerfile on standard input.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// reportCost writes the cost of each unit of paths.
func reportCost(paths []string, cf costFlags, stdin io.Reader, stdout, stderr io.Writer) int {
	inputs, err := costInputs(paths, cf.context, cf.stdinFilename, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "ballast: %v\n", err)
		return exitError
	}
	if len(inputs) == 0 {
		fmt.Fprintf(stderr, "ballast: no Dockerfile or uv.lock found in %s\n", strings.Join(paths, ", "))
		return exitError
	}
	units, errs := costUnits(inputs, cf, stderr)
	var buf bytes.Buffer
	if cf.format == "json" {
		doc := struct {
			Version int               `json:"version"`
			Units   []report.CostUnit `json:"units"`
		}{1, units}
		if doc.Units == nil {
			doc.Units = []report.CostUnit{}
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		_ = enc.Encode(doc)
	} else {
		said := map[string]bool{}
		for i, u := range units {
			if i > 0 {
				buf.WriteString("\n")
			}
			report.WriteCostText(&buf, u, report.CostTextOptions{Top: cf.top, Said: said})
		}
	}
	if !writeReport(buf.Bytes(), cf.output, errs, stdout, stderr) {
		return exitError
	}
	return exitOK
}

// costInputs expands paths: Dockerfiles and directories as `check` does,
// uv.lock files as units of their own, a directory with no Dockerfile
// but a uv.lock as that lock, and - as the Dockerfile on standard input.
func costInputs(paths []string, context, stdinFilename string, stdin io.Reader) ([]driver.Input, error) {
	var inputs []driver.Input
	for _, p := range paths {
		if p == "-" {
			in, err := stdinInput(stdin, stdinFilename, context)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, in)
			continue
		}
		if isLockFile(p) {
			inputs = append(inputs, driver.Input{Path: p, Lock: true})
			continue
		}
		found, err := driver.Discover([]string{p})
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			inputs = append(inputs, driver.Input{Path: f, Context: context})
		}
		if len(found) == 0 {
			lock := filepath.Join(p, "uv.lock")
			if _, err := os.Stat(lock); err == nil {
				inputs = append(inputs, driver.Input{Path: lock, Lock: true})
			}
		}
	}
	return inputs, nil
}

// isLockFile reports whether a path names a uv lock: uv.lock, or a file
// ending in .uv.lock.
func isLockFile(p string) bool {
	base := filepath.Base(p)
	return base == "uv.lock" || strings.HasSuffix(base, ".uv.lock")
}

// costUnits runs the cost analyzer over the inputs, one configuration per
// folder, with --python and --platform overriding the configuration.
func costUnits(inputs []driver.Input, cf costFlags, stderr io.Writer) ([]report.CostUnit, []error) {
	groups, err := planGroups(inputs, checkFlags{config: cf.config}, map[string]bool{}, lint.Info, rules.All(), stderr)
	if err != nil {
		return nil, []error{err}
	}
	var units []report.CostUnit
	var errs []error
	for _, g := range groups {
		opts := driver.Options{Config: &g.cfg.Lint, Results: []*analysis.Analyzer{build.CostAnalyzer}}
		if cf.python != "" {
			opts.Config.Python = cf.python
		}
		if cf.platform != "" {
			opts.Config.Platform = cf.platform
		}
		res := driver.Run(g.inputs, opts)
		errs = append(errs, res.Errors...)
		for _, u := range res.Units {
			r, _ := u.Values[build.CostAnalyzer].(*build.Cost)
			if r == nil {
				continue
			}
			if cf.fetchSizes {
				fetchSizes(r, cf.cacheDir, stderr)
			}
			units = append(units, costUnit(r, u.Unit))
		}
	}
	return units, errs
}

// fetchSizes asks the package indexes for the sizes the lock does not
// record and puts them into r. Failures are reported and leave the
// fallbacks in place: the network is optional.
func fetchSizes(r *build.Cost, cacheDir string, stderr io.Writer) {
	unsized := r.Unsized()
	if len(unsized) == 0 {
		return
	}
	reqs := make([]sizes.Request, 0, len(unsized))
	for _, it := range unsized {
		reqs = append(reqs, sizes.Request{Index: it.Index, Project: it.Name, Filename: it.File, Hash: it.Hash, URL: it.URL})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	found, errs := sizes.Fetch(ctx, reqs, sizes.Options{CacheDir: cacheDir})
	for _, err := range errs {
		fmt.Fprintf(stderr, "ballast: --fetch-sizes: %v\n", err)
	}
	r.ApplySizes(found)
}

// The cost document is report's shape (report renders it as text and
// JSON, and may import no analysis); what the cost analysis found is
// copied into it here, the one place that imports both.

// costUnit converts a unit's cost for output.
func costUnit(r *build.Cost, unit *lint.Unit) report.CostUnit {
	var file, lock string
	var src []byte
	if unit.Lock != nil {
		lock = unit.Lock.Path
		file = lock
	}
	if unit.Dockerfile != nil {
		file, src = unit.Dockerfile.Name, unit.Dockerfile.Src
	}
	u := report.CostUnit{File: file, Lock: lock, Steps: []report.CostStep{}}
	for _, s := range r.Steps {
		u.Steps = append(u.Steps, costStep(s, file, src))
	}
	u.Download = r.Image.Download.Value
	u.DownloadRange = r.Image.Download
	u.Installed, u.Layer, u.PeakDisk, u.PeakMemory = r.Image.Installed, r.Image.Layer, r.Image.PeakDisk, r.Image.PeakMemory
	return u
}

func costStep(s *build.StepCost, file string, src []byte) report.CostStep {
	j := report.CostStep{
		Command:       s.CommandText(src),
		Target:        costTarget(s.Env()),
		Packages:      []report.CostPackage{},
		Download:      s.Download.Value,
		DownloadRange: s.Download,
		Installed:     s.Installed,
		Layer:         s.Layer,
		PeakDisk:      s.PeakDisk,
		PeakMemory:    s.PeakMemory,
		Notes:         slices.Concat(s.Notes, build.EnvNotes(s.Env())),
	}
	if s.In != nil {
		j.File, j.Line, j.Column = file, s.Line, s.Column
	}
	if s.Err != nil {
		j.Error = s.Err.Error()
	}
	j.NotInLock = s.NotInLock
	if s.Sync != nil {
		j.Sync = costSync(s.Sync)
	}
	for _, it := range s.Items {
		if !it.SizeKnown {
			j.MissingSizes++
		} else if it.SizeSource != "" && it.Kind != build.KindLocal {
			j.FetchedSizes++
		}
		j.Packages = append(j.Packages, report.CostPackage{
			Name: it.Name, Version: it.Version, File: it.File, Kind: string(it.Kind),
			Download: it.Download.Value, SizeKnown: it.SizeKnown, SizeSource: it.SizeSource,
			Family: it.Family.String(), Installed: it.Installed,
		})
	}
	return j
}

func costTarget(e build.Env) report.CostTarget {
	libc := strings.TrimSpace(e.Libc.V + " " + e.LibcVersion.V)
	t := report.CostTarget{
		Python:   e.Python.V,
		Platform: e.OS.V + "/" + e.Arch.V,
		Libc:     libc,
		CUDA:     e.CUDA.V,
		Torch:    e.Torch.V,
		Source:   e.Python.Source,
		Sources:  map[string]string{"python": e.Python.Source, "platform": e.Arch.Source, "libc": e.Libc.Source},
	}
	if e.CUDA.V != "" {
		t.Sources["cuda"] = e.CUDA.Source
	}
	if e.Torch.V != "" {
		t.Sources["torch"] = e.Torch.Source
	}
	return t
}

func costSync(sel *uvlock.Selection) *report.CostSync {
	j := &report.CostSync{Extras: append([]string{}, sel.Extras...), Groups: []string{}, InstallProject: !sel.NoInstallProject && !sel.OnlyGroups}
	if sel.AllExtras {
		j.Extras = append(j.Extras, "all")
	}
	for _, g := range sel.Groups {
		if sel.GroupSelected(g) {
			j.Groups = append(j.Groups, g)
		}
	}
	if sel.AllGroups {
		// default-groups = "all" or --all-groups, less --no-dev and
		// --no-group: "all" alone would claim the dev group is installed.
		all := "all"
		if len(sel.NoGroups) > 0 {
			all += " except " + strings.Join(slices.Compact(slices.Sorted(slices.Values(sel.NoGroups))), " and ")
		}
		j.Groups = append(j.Groups, all)
	}
	j.Dev = sel.GroupSelected("dev")
	return j
}
