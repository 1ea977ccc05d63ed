// Package driver runs the rule analyzers over units: it builds every
// analysis.Pass by hand, runs each analyzer once per unit in dependency
// order, units in parallel, and turns diagnostics into sorted findings.
// Which rules run and which findings are kept is lint.Selection's answer.
//
// The driver follows go/analysis where an analyzer can tell: each analyzer
// has its own Pass, whose ResultOf holds exactly its Requires, and
// Pass.ReadFile reads only the unit's files. Two liberties remain, each
// because it measurably pays or because the ordinary way needs what the
// loader cannot know:
//
//   - The graph (results, rule table, diagnostics and every analyzer's
//     Pass, ResultOf map and Report func) comes from a sync.Pool and
//     serves unit after unit, emptied in between; nothing of it outlives
//     the Analyze call that used it, so an analyzer that kept its Pass
//     past its Run would see it reused. BenchmarkCorpusCheck (172
//     Dockerfiles, all default rules, one core), 10 interleaved rounds:
//     with the pool 34.0 MB and 332k allocations per run; a fresh graph
//     per unit 39.7 MB and 347k (+17%, +5%, CPU median +5%); a fresh Pass
//     and ResultOf per analyzer per unit 38.7 MB and 369k (+14%, +11%, CPU
//     median +4%); both +28% bytes and +8.5% CPU. The previous single Pass
//     shared by every analyzer of a unit, and ResultOf maps shared by
//     Requires slices (keyed by the slice's backing array), saved nothing
//     over per-analyzer Passes kept in the pool (CPU medians 105 and 107
//     ms, same allocations): they are gone.
//   - Requirements files (`pip install -r FILE`) are read on first use
//     through lint.Unit.Requirement, not listed in OtherFiles up front:
//     which files a RUN names is known only once the install analysis has
//     read the RUNs, after the loader has built the Passes.
package driver

import (
	"runtime"
	"slices"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// Options select and weigh the rules.
type Options struct {
	// Rules is the registry.
	Rules []*lint.Rule
	// Select, when non-empty, runs only these codes or names ("all" for
	// every rule), including rules that are off by default.
	Select []string
	// ExtendSelect adds these codes or names to the preset's default set.
	ExtendSelect []string
	// Preset names the default set (lint.PresetBallast when empty).
	Preset string
	// Ignore drops these codes or names.
	Ignore []string
	// Severity overrides a rule's default severity by code.
	Severity map[string]lint.Severity
	// Jobs bounds the units analyzed at once; 0 means one per CPU.
	Jobs int
	// Config is what rules read of the user's configuration; nil means none.
	Config *lint.Config
	// PerFile drops findings of some rules in some files (config
	// [[per-file]]).
	PerFile []PerFile
	// Enable turns on rules that run only when named (lint.Rule.NamedOnly)
	// without restricting the run to them.
	Enable []string
	// ShellCheck enables the ShellCheck rule, as --shellcheck and config
	// `shellcheck = true` do: Enable with the rule's name.
	ShellCheck bool
	// Results are analyzers whose results the caller wants for every unit
	// (the cost analyzer, for `ballast cost` and the JSON report); they run
	// whether or not a rule needs them, and Result.Units holds them.
	Results []*analysis.Analyzer
	// Locks, when set, keeps parsed uv.locks between runs (a language
	// server's checks of one project).
	Locks *lint.LockCache
}

// PerFile drops the findings of some codes in the files a glob matches.
type PerFile = lint.PerFile

// selection is what the options choose of the registry.
func (opts *Options) selection() (*lint.Selection, error) {
	return lint.NewSelection(opts.Rules, opts.choice())
}

// Selection is what the options choose of the registry, as the run sees
// it: a report that lists the rules it checked asks it.
func (opts *Options) Selection() (*lint.Selection, error) { return opts.selection() }

// choice is what the user chose, as lint.Selection reads it.
func (opts *Options) choice() lint.Choice {
	enable := opts.Enable
	if opts.ShellCheck {
		enable = append(slices.Clip(enable), "shellcheck")
	}
	return lint.Choice{Select: opts.Select, ExtendSelect: opts.ExtendSelect, Preset: opts.Preset, Ignore: opts.Ignore, Severity: opts.Severity, Enable: enable, PerFile: opts.PerFile}
}

// Result is what a run produced.
type Result struct {
	Findings []lint.Finding
	// Errors are input errors (unreadable or invalid files): exit code 2.
	Errors []error
	// Sources holds every file analyzed, by display path, for renderers;
	// it is empty when no unit could be analyzed.
	Sources map[string][]byte
	// Units holds, when Options.Results names analyzers, each analyzed
	// unit with their results, in input order.
	Units []UnitResult
}

// UnitResult is one unit and the results of the analyzers
// Options.Results names.
type UnitResult struct {
	Unit   *lint.Unit
	Values map[*analysis.Analyzer]any
}

// Run analyzes every input and gathers the outcomes. A caller that renders
// as it goes uses Stream, which holds only the units in flight.
func Run(inputs []Input, opts Options) *Result {
	res := &Result{Sources: map[string][]byte{}}
	if _, err := opts.selection(); err != nil {
		res.Errors = append(res.Errors, err)
		return res
	}
	jobs := make([]Job, len(inputs))
	for i, in := range inputs {
		jobs[i] = Job{Input: in, Options: &opts}
	}
	Stream(jobs, opts.Jobs, func(o *Outcome) {
		if o.Err != nil {
			res.Errors = append(res.Errors, o.Err)
			return
		}
		for _, f := range o.Files {
			res.Sources[f.Path] = f.Src
		}
		res.Findings = append(res.Findings, o.Findings...)
		if len(opts.Results) > 0 {
			res.Units = append(res.Units, UnitResult{Unit: o.Unit, Values: o.Values})
		}
	})
	SortFindings(res.Findings)
	return res
}

// Job is one input and the options it is analyzed with (inputs of one
// run may come under different configurations).
type Job struct {
	Input   Input
	Options *Options
}

// Outcome is what the analysis of one input produced.
type Outcome struct {
	Input Input
	// Err is the input's error (unreadable or invalid file, unknown rule
	// in its options): then nothing else is set, as findings would be
	// partial.
	Err error
	// Unit is the analyzed unit and Files its files, in the order the
	// unit holds them; they are the caller's only until emit returns.
	Unit  *lint.Unit
	Files []*lint.SourceFile
	// Findings are the unit's findings, sorted, after per-file ignores.
	Findings []lint.Finding
	// Values holds the results of the Options.Results analyzers.
	Values map[*analysis.Analyzer]any
}

// Stream analyzes the jobs on up to workers goroutines (0: one per CPU)
// and calls emit with each outcome in job order, from the calling
// goroutine. Workers run at most a few units ahead of emit, so memory
// holds the units in flight, not the run: a report written as it is
// emitted stays the same size for 5 files or 5,000.
func Stream(jobs []Job, workers int, emit func(*Outcome)) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, len(jobs))
	window := 4 * workers
	selected := map[*Options]selectedRules{}
	for _, j := range jobs {
		if _, ok := selected[j.Options]; !ok {
			sel, err := j.Options.selection()
			selected[j.Options] = selectedRules{sel, err}
		}
	}
	// One worker analyzes on the calling goroutine: its stack has already
	// grown, where a new goroutine's would be copied again as the parsers
	// recurse (3% of an editor's on-save lint).
	if workers <= 1 {
		growStack(0)
		for _, j := range jobs {
			emit(analyzeJob(j, selected[j.Options]))
		}
		return
	}
	var (
		mu      sync.Mutex
		ready   = sync.NewCond(&mu)
		outs    = make([]*Outcome, len(jobs))
		next    int // the next job a worker takes
		emitted int // the next outcome emit gets
		wg      sync.WaitGroup
	)
	// A few long-lived workers take the units in turn: a goroutine per
	// unit would grow a fresh stack for the parsers' recursion every time.
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				for next < len(jobs) && next >= emitted+window {
					ready.Wait()
				}
				if next >= len(jobs) {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				o := analyzeJob(jobs[i], selected[jobs[i].Options])
				mu.Lock()
				outs[i] = o
				ready.Broadcast()
				mu.Unlock()
			}
		})
	}
	for i := range jobs {
		mu.Lock()
		for outs[i] == nil {
			ready.Wait()
		}
		o := outs[i]
		outs[i] = nil
		mu.Unlock()
		emit(o)
		mu.Lock()
		emitted = i + 1
		ready.Broadcast()
		mu.Unlock()
	}
	wg.Wait()
}

// selectedRules is a job's selection, or why its options cannot select.
type selectedRules struct {
	sel *lint.Selection
	err error
}

// analyzeJob loads and analyzes one input.
func analyzeJob(j Job, s selectedRules) *Outcome {
	o := &Outcome{Input: j.Input}
	if s.err != nil {
		o.Err = s.err
		return o
	}
	unit, err := Load(j.Input)
	if err != nil {
		o.Err = err
		return o
	}
	unit.Locks = j.Options.Locks
	findings, values, err := analyze(unit, s.sel, *j.Options)
	if err != nil {
		o.Err = err
		return o
	}
	SortFindings(findings)
	o.Unit, o.Files, o.Findings, o.Values = unit, unit.Files(), findings, values
	return o
}

// stackReach is about the stack the parsers' and rules' recursion reach on
// a Dockerfile of a few hundred lines.
const stackReach = 64 << 10

// growStack grows the calling goroutine's stack to stackReach at once,
// while few frames are on it: grown a doubling at a time as the analysis
// recurses, the stack is copied frame by frame each time (1% of an
// editor's on-save lint).
//
//go:noinline
func growStack(i int) byte {
	var pad [stackReach]byte
	return pad[i] // read at an index the compiler cannot see, so pad stays
}
