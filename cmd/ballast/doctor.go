package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ballast-dev/ballast/cmd/ballast/internal/doctor"
	"github.com/ballast-dev/ballast/rules"
	"github.com/ballast-dev/ballast/rules/build"
	"github.com/ballast-dev/ballast/rules/driver"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// doctorFlags are the flags of `ballast doctor`.
type doctorFlags struct {
	format, context, config, python, platform string
	timeout                                   time.Duration
}

// doctorRewrites are the cost rules whose findings doctor shows under a
// step that does not fit: the edits that make it need less.
const doctorRewrites = "BA301,BA302,BA303"

// runDoctor is `ballast doctor`: the preflight of the machine that will
// build, on this machine.
func runDoctor(args []string, stdout, stderr io.Writer) int {
	return doctorOn(doctor.Host(), args, stdout, stderr)
}

// doctorOn is `ballast doctor` on the machine sys describes.
func doctorOn(sys doctor.System, args []string, stdout, stderr io.Writer) int {
	var df doctorFlags
	fs := doctorFlagSet(&df, stderr)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitError
	}
	if df.format != "text" && df.format != "json" {
		fmt.Fprintf(stderr, "ballast doctor: --format: want text or json, got %q\n", df.format)
		return exitError
	}
	if df.timeout <= 0 {
		fmt.Fprintf(stderr, "ballast doctor: --timeout: want a positive duration, got %s\n", df.timeout)
		return exitError
	}
	if err := checkTarget(df.python, df.platform); err != nil {
		fmt.Fprintf(stderr, "ballast doctor: %v\n", err)
		return exitError
	}
	named := len(paths) > 0
	if !named {
		paths = []string{"."}
	}
	if slices.Contains(paths, "-") {
		fmt.Fprintln(stderr, "ballast doctor: a Dockerfile on standard input is not supported; name the file")
		return exitError
	}
	inputs, err := costInputs(paths, df.context, "", nil)
	if err != nil {
		fmt.Fprintf(stderr, "ballast doctor: %v\n", err)
		return exitError
	}
	if len(inputs) == 0 && named {
		fmt.Fprintf(stderr, "ballast doctor: no Dockerfile or uv.lock found in %s\n", strings.Join(paths, ", "))
		return exitError
	}
	opts := doctor.Options{Timeout: df.timeout}
	if len(inputs) > 0 {
		opts.Estimate = func(store build.ImageStore) ([]doctor.Unit, error) {
			return doctorUnits(inputs, df, store, stderr)
		}
	}
	rep, err := doctor.Run(context.Background(), sys, opts)
	if err != nil {
		fmt.Fprintf(stderr, "ballast doctor: %v\n", err)
		return exitError
	}
	var buf bytes.Buffer
	if df.format == "json" {
		if err := doctor.WriteJSON(&buf, rep); err != nil {
			fmt.Fprintf(stderr, "ballast doctor: %v\n", err)
			return exitError
		}
	} else {
		doctor.WriteText(&buf, rep)
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "ballast doctor: %v\n", err)
		return exitError
	}
	if rep.Problems() > 0 {
		return exitFindings
	}
	return exitOK
}

// doctorFlagSet declares doctor's flags into df; completion lists them too.
func doctorFlagSet(df *doctorFlags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ballast doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&df.format, "format", "text", "output format: text or json")
	fs.DurationVar(&df.timeout, "timeout", 10*time.Second, "give each docker command at most `DURATION` (a daemon that hangs is a problem, not a hang)")
	fs.StringVar(&df.context, "context", "", "build context `DIR` (default: each Dockerfile's folder)")
	fs.StringVar(&df.config, "config", "", "read the configuration from `FILE`")
	addTargetFlags(fs, &df.python, &df.platform)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: ballast doctor [flags] [PATH ...]\n\n"+
			"Checks the machine that will build: the docker CLI and its buildx and compose plugins, the daemon,\n"+
			"the builder and image store, the free disk where the build writes and the daemon's memory; then\n"+
			"holds each install step of the Dockerfiles (PATH as for `ballast cost`, default .) against them.\n"+
			"The only ballast command that runs a program: the docker CLI found on PATH, with fixed arguments.\n"+
			"Exit codes: 0 no problem (warnings allowed), 1 a problem, 2 doctor could not run.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs
}

// doctorUnits costs the inputs on the machine's image store, with the
// rewrites the cost rules suggest for each step.
func doctorUnits(inputs []driver.Input, df doctorFlags, store build.ImageStore, stderr io.Writer) ([]doctor.Unit, error) {
	cf := checkFlags{config: df.config, python: df.python, platform: df.platform, selectCodes: doctorRewrites}
	groups, err := planGroups(inputs, cf, map[string]bool{"select": true}, lint.Info, rules.All(), stderr)
	if err != nil {
		return nil, err
	}
	var units []doctor.Unit
	for _, g := range groups {
		opts := g.opts
		lc := *opts.Config
		if store != "" {
			// What the engine uses wins over what the configuration says.
			lc.ImageStore = string(store)
		}
		opts.Config = &lc
		opts.Results = []*analysis.Analyzer{build.CostAnalyzer}
		res := driver.Run(g.inputs, opts)
		if len(res.Errors) > 0 {
			return nil, errors.Join(res.Errors...)
		}
		for _, u := range res.Units {
			r, _ := u.Values[build.CostAnalyzer].(*build.Cost)
			if r == nil {
				continue
			}
			units = append(units, doctorUnit(r, u.Unit, res.Findings))
		}
	}
	return units, nil
}

// doctorUnit converts a unit's cost for doctor, with the findings at each
// step's command as its rewrites.
func doctorUnit(r *build.Cost, unit *lint.Unit, findings []lint.Finding) doctor.Unit {
	var file string
	var src []byte
	if unit.Lock != nil {
		file = unit.Lock.Path
	}
	if unit.Dockerfile != nil {
		file, src = unit.Dockerfile.Name, unit.Dockerfile.Src
	}
	u := doctor.Unit{File: file}
	var before lint.Range
	for _, s := range r.Steps {
		st := doctor.Step{File: file, Line: s.Line, Command: s.CommandText(src), PeakDisk: s.PeakDisk, Before: before, PeakMemory: s.PeakMemory}
		if s.In == nil {
			st.Line = 0
		}
		if s.Err != nil {
			st.Err = s.Err.Error()
		} else {
			before = before.Add(s.Layer)
		}
		for _, f := range findings {
			if f.File == file && (s.In == nil || f.Start.Line == s.Line) {
				st.Rewrites = append(st.Rewrites, doctor.Rewrite{Code: f.ID(), Message: f.Message})
			}
		}
		u.Steps = append(u.Steps, st)
	}
	return u
}
