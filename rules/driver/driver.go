// Package driver runs the rule analyzers over units: it builds every
// analysis.Pass by hand, runs each analyzer once per unit in dependency
// order, units in parallel, and turns diagnostics into sorted findings.
package driver

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
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
	// ShellCheck enables the ShellCheck rule (off by default), as
	// --shellcheck and config `shellcheck = true` do.
	ShellCheck bool
	// Results are analyzers whose results the caller wants for every unit
	// (the cost analyzer, for `ballast cost` and the JSON report); they run
	// whether or not a rule needs them, and Result.Units holds them.
	Results []*analysis.Analyzer
}

// shellCheckCode is the code of the rule that runs ShellCheck. Its findings
// carry their own codes (SC2086); select, ignore and severity lists may
// name those codes, which the driver matches against Finding.ID.
const shellCheckCode = "SC"

// toolCode matches a code one rule reports among many (ShellCheck's).
var toolCode = regexp.MustCompile(`(?i)^SC[0-9]{4}$`)

// matchesID reports whether a list names the finding's own code (SC2086).
func matchesID(list []string, f lint.Finding) bool {
	if f.Code == "" {
		return false
	}
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, f.Code) })
}

// selects reports whether a select list runs the rule: by code, name or
// "all", or by one of the codes the rule reports (SC2086 selects SC).
func selects(list []string, r *lint.Rule) bool {
	if matches(list, r) {
		return true
	}
	return r.Code == shellCheckCode && slices.ContainsFunc(list, toolCode.MatchString)
}

// keep applies the finding-level codes of select and ignore lists: an
// ignored SC2086 is dropped; when only some SC codes are selected, other
// SC codes are.
func keep(f lint.Finding, opts Options) bool {
	if f.Code == "" {
		return true
	}
	if matchesID(opts.Ignore, f) {
		return false
	}
	if len(opts.Select) > 0 && !matches(opts.Select, f.Rule) {
		return matchesID(opts.Select, f)
	}
	return true
}

// PerFile drops the findings of the Ignore codes or names in the files Glob
// matches: a glob without a separator matches the base name, any other the
// absolute path (filepath.Match syntax).
type PerFile struct {
	Glob   string
	Ignore []string
}

// perFileIgnored reports whether a per-file entry drops f.
func perFileIgnored(entries []PerFile, f lint.Finding) bool {
	for _, e := range entries {
		name := filepath.Base(f.File)
		if strings.ContainsRune(e.Glob, '/') || strings.ContainsRune(e.Glob, filepath.Separator) {
			name, _ = filepath.Abs(f.File)
		}
		if ok, _ := filepath.Match(e.Glob, name); ok && (matches(e.Ignore, f.Rule) || matchesID(e.Ignore, f)) {
			return true
		}
	}
	return false
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
	if _, err := selectRules(opts); err != nil {
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
	selected := map[*Options]selection{}
	for _, j := range jobs {
		if _, ok := selected[j.Options]; !ok {
			rules, err := selectRules(*j.Options)
			selected[j.Options] = selection{rules, err}
		}
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

// selection is the rules a job's options select, or why they cannot.
type selection struct {
	rules []*lint.Rule
	err   error
}

// analyzeJob loads and analyzes one input.
func analyzeJob(j Job, sel selection) *Outcome {
	o := &Outcome{Input: j.Input}
	if sel.err != nil {
		o.Err = sel.err
		return o
	}
	unit, err := Load(j.Input)
	if err != nil {
		o.Err = err
		return o
	}
	opts := *j.Options
	findings, values, err := analyze(unit, sel.rules, opts)
	if err != nil {
		o.Err = err
		return o
	}
	if len(opts.PerFile) > 0 {
		findings = slices.DeleteFunc(findings, func(f lint.Finding) bool { return perFileIgnored(opts.PerFile, f) })
	}
	SortFindings(findings)
	o.Unit, o.Files, o.Findings, o.Values = unit, unit.Files(), findings, values
	return o
}

// SortFindings orders findings by file, offset, then code.
func SortFindings(fs []lint.Finding) {
	slices.SortStableFunc(fs, func(a, b lint.Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Start.Offset, b.Start.Offset),
			cmp.Compare(a.ID(), b.ID()),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// matches reports whether a code list names the rule (by code or name, any
// case, or "all").
func matches(list []string, r *lint.Rule) bool {
	for _, s := range list {
		if isAll(s) || strings.EqualFold(s, r.Code) || strings.EqualFold(s, r.Name) {
			return true
		}
	}
	return false
}

// Lookup finds a rule by code or name.
func Lookup(rules []*lint.Rule, codeOrName string) *lint.Rule {
	for _, r := range rules {
		if strings.EqualFold(codeOrName, r.Code) || strings.EqualFold(codeOrName, r.Name) {
			return r
		}
	}
	return nil
}

// selectRules applies --select and --ignore to the registry.
func selectRules(opts Options) ([]*lint.Rule, error) {
	for _, list := range [][]string{opts.Select, opts.Ignore} {
		for _, s := range list {
			if !isAll(s) && !toolCode.MatchString(s) && Lookup(opts.Rules, s) == nil {
				return nil, fmt.Errorf("unknown rule %q (see `ballast rules`)", s)
			}
		}
	}
	var out []*lint.Rule
	for _, r := range opts.Rules {
		if matches(opts.Ignore, r) {
			continue
		}
		if len(opts.Select) > 0 {
			if selects(opts.Select, r) {
				out = append(out, r)
			}
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// enabledFor decides whether a selected rule runs on this unit: stable
// rules always; others when --select names them (or, for ShellCheck, one of
// its codes); ShellCheck otherwise only when asked for, since it starts a
// process, never through a bare "all"; off-by-default and experimental rules
// through "all"; and BuildKit's experimental checks also when the file's
// `# check=experimental=` directive names them.
func enabledFor(r *lint.Rule, unit *lint.Unit, opts Options) bool {
	switch {
	case r.Status == lint.Stable, namedIn(opts.Select, r):
		return true
	case r.Code == shellCheckCode:
		return opts.ShellCheck
	case slices.ContainsFunc(opts.Select, isAll):
		return true
	case r.Status == lint.Experimental && r.Category == "buildkit" && unit.Dockerfile != nil:
		cfg, err := unit.Dockerfile.CheckConfig()
		return err == nil && (cfg.ExperimentalAll || slices.Contains(cfg.ExperimentalRules, r.Name))
	}
	return false
}

// namedIn reports whether a select list names the rule itself (its code,
// its name, or for ShellCheck one of its codes), "all" not counting.
func namedIn(list []string, r *lint.Rule) bool {
	for _, s := range list {
		if !isAll(s) && (strings.EqualFold(s, r.Code) || strings.EqualFold(s, r.Name)) {
			return true
		}
	}
	return r.Code == shellCheckCode && slices.ContainsFunc(list, toolCode.MatchString)
}

func isAll(s string) bool { return strings.EqualFold(s, "all") }

// Analyze runs the selected rules over one unit.
func Analyze(unit *lint.Unit, rules []*lint.Rule, opts Options) ([]lint.Finding, error) {
	findings, _, err := analyze(unit, rules, opts)
	return findings, err
}

// analyze runs the selected rules and the Options.Results analyzers over
// one unit, and returns the findings and those analyzers' results.
func analyze(unit *lint.Unit, rules []*lint.Rule, opts Options) ([]lint.Finding, map[*analysis.Analyzer]any, error) {
	g := graphs.Get().(*graph)
	defer g.release()
	fset := unit.Fset
	unit.Rules = opts.Rules
	g.roots = g.roots[:0]
	for _, r := range rules {
		if !enabledFor(r, unit, opts) {
			continue
		}
		a := r.Analyzer()
		g.rules[a] = r
		g.roots = append(g.roots, a)
	}
	cfg := opts.Config
	if cfg == nil {
		cfg = &lint.Config{}
	}
	g.fset = fset
	g.unit = unit
	g.files = unit.Files()
	for _, f := range g.files {
		g.names = append(g.names, f.Path)
	}
	g.results[lint.UnitAnalyzer] = unit
	g.results[lint.ConfigAnalyzer] = cfg
	for _, a := range g.roots {
		if err := g.run(a); err != nil {
			return nil, nil, err
		}
	}
	var values map[*analysis.Analyzer]any
	if len(opts.Results) > 0 {
		values = make(map[*analysis.Analyzer]any, len(opts.Results))
		for _, a := range opts.Results {
			if err := g.run(a); err != nil {
				return nil, nil, err
			}
			values[a] = g.results[a]
		}
	}
	out := make([]lint.Finding, 0, len(g.diags))
	for _, d := range g.diags {
		f, ok := finding(fset, d.rule, d.Diagnostic, opts)
		if ok && keep(f, opts) {
			out = append(out, f)
		}
	}
	return applyPragmas(unit, out), values, nil
}

// graphs recycles the per-unit bookkeeping (maps sized for the registry)
// between units: nothing of a graph outlives the Analyze call that used it.
var graphs = sync.Pool{New: func() any { return newGraph() }}

func newGraph() *graph {
	g := &graph{
		results:   map[*analysis.Analyzer]any{},
		rules:     map[*analysis.Analyzer]*lint.Rule{},
		resultOf:  map[requiresKey]map[*analysis.Analyzer]any{},
		noResults: map[*analysis.Analyzer]any{},
	}
	g.readFile = func(name string) ([]byte, error) {
		for _, f := range g.files {
			if f.Path == name {
				return f.Src, nil
			}
		}
		return nil, fmt.Errorf("%s is not a file of this unit", name)
	}
	g.report = func(d analysis.Diagnostic) {
		if g.reporting != nil {
			g.diags = append(g.diags, reported{g.reporting, d})
		}
	}
	return g
}

// release forgets the unit, keeping the maps' and slices' room, and
// returns the graph to the pool.
func (g *graph) release() {
	clear(g.results)
	clear(g.rules)
	clear(g.noResults)
	clear(g.roots)
	clear(g.diags)
	clear(g.names)
	g.roots, g.diags, g.names = g.roots[:0], g.diags[:0], g.names[:0]
	g.fset, g.unit, g.files, g.reporting = nil, nil, nil, nil
	g.pass = analysis.Pass{}
	// The ResultOf maps are refilled when a later unit asks for them.
	for _, sr := range g.resultOf {
		clear(sr)
	}
	graphs.Put(g)
}

type reported struct {
	rule *lint.Rule
	analysis.Diagnostic
}

// graph runs analyzers once each, dependencies first.
type graph struct {
	fset  *token.FileSet
	unit  *lint.Unit
	files []*lint.SourceFile
	names []string
	// results holds the result of every analyzer that has run (nil
	// results included): presence marks it done.
	results map[*analysis.Analyzer]any
	rules   map[*analysis.Analyzer]*lint.Rule
	roots   []*analysis.Analyzer
	diags   []reported
	// resultOf holds one Pass.ResultOf per Requires list: rules share
	// their lists (needsDockerfile …), and a list's results are final
	// once its analyzers have run, so the passes can share the map. The
	// maps outlive a unit emptied, and are filled again on first use.
	resultOf  map[requiresKey]map[*analysis.Analyzer]any
	noResults map[*analysis.Analyzer]any // ResultOf of analyzers requiring none
	readFile  func(name string) ([]byte, error)

	// Analyzers run one at a time, each Run finishing before the next
	// starts (requirements run before their Pass is built), and none keeps
	// its Pass: one Pass and one Report func serve them all, instead of a
	// Pass and a closure per analyzer per unit.
	pass      analysis.Pass
	report    func(analysis.Diagnostic)
	reporting *lint.Rule // the rule of the running analyzer, nil for helpers
}

// requiresKey identifies an Analyzer.Requires slice by its backing array
// and length: slices that share both hold the same analyzers.
type requiresKey struct {
	first **analysis.Analyzer
	n     int
}

var errFacts = errors.New("facts are not supported: units share nothing")

// The Pass fact functions: a unit has no facts to import or export.
func importObjectFact(types.Object, analysis.Fact) bool    { return false }
func importPackageFact(*types.Package, analysis.Fact) bool { return false }
func exportObjectFact(types.Object, analysis.Fact)         { panic(errFacts) }
func exportPackageFact(analysis.Fact)                      { panic(errFacts) }
func allObjectFacts() []analysis.ObjectFact                { return nil }
func allPackageFacts() []analysis.PackageFact              { return nil }

// A unit is no Go package, but analysis.Pass expects one (Pass.String
// dereferences Pkg): every pass gets the same empty, never-mutated stand-ins.
var (
	unitPkg    = types.NewPackage("ballast/unit", "unit")
	unitInfo   = &types.Info{}
	unitSizes  = types.SizesFor("gc", "amd64")
	unitModule = &analysis.Module{}
)

func (g *graph) run(a *analysis.Analyzer) error {
	if _, done := g.results[a]; done {
		return nil
	}
	for _, req := range a.Requires {
		if err := g.run(req); err != nil {
			return err
		}
	}
	g.reporting = g.rules[a]
	g.pass = analysis.Pass{
		Analyzer:          a,
		Fset:              g.fset,
		OtherFiles:        g.names,
		Pkg:               unitPkg,
		TypesInfo:         unitInfo,
		TypesSizes:        unitSizes,
		Module:            unitModule,
		ResultOf:          g.resultsFor(a.Requires),
		ReadFile:          g.readFile,
		Report:            g.report,
		ImportObjectFact:  importObjectFact,
		ImportPackageFact: importPackageFact,
		ExportObjectFact:  exportObjectFact,
		ExportPackageFact: exportPackageFact,
		AllObjectFacts:    allObjectFacts,
		AllPackageFacts:   allPackageFacts,
	}
	pass := &g.pass
	result, err := a.Run(pass)
	if err != nil {
		return err
	}
	if got, want := reflect.TypeOf(result), a.ResultType; result != nil && got != want {
		return fmt.Errorf("internal error: analyzer %s returned %v, declared %v", a.Name, got, want)
	}
	g.results[a] = result
	return nil
}

// resultsFor returns the ResultOf map of an analyzer requiring reqs, all of
// which have run.
func (g *graph) resultsFor(reqs []*analysis.Analyzer) map[*analysis.Analyzer]any {
	if len(reqs) == 0 {
		return g.noResults
	}
	key := requiresKey{&reqs[0], len(reqs)}
	m, ok := g.resultOf[key]
	if !ok {
		m = make(map[*analysis.Analyzer]any, len(reqs))
		g.resultOf[key] = m
	}
	if len(m) == 0 {
		for _, req := range reqs {
			m[req] = g.results[req]
		}
	}
	return m
}

// finding resolves a diagnostic's positions, severity and fixes.
func finding(fset *token.FileSet, r *lint.Rule, d analysis.Diagnostic, opts Options) (lint.Finding, bool) {
	sev := r.Severity
	code, own, hasCode := lint.ParseCodeCategory(d.Category)
	if hasCode {
		sev = own
	}
	if s, ok := opts.Severity[r.Code]; ok {
		sev = s
	}
	if s, ok := severityOf(opts.Severity, code); hasCode && ok {
		sev = s
	}
	if sev == lint.Off {
		named := len(opts.Select) > 0 && matches(opts.Select, r)
		if hasCode {
			named = selectsID(opts.Select, code)
		}
		if !named {
			return lint.Finding{}, false
		}
		sev = lint.Info
	}
	start := fset.Position(d.Pos)
	end := start
	if d.End.IsValid() {
		end = fset.Position(d.End)
	}
	f := lint.Finding{Rule: r, Code: code, Severity: sev, Message: d.Message, File: start.Filename, Start: start, End: end}
	safety := r.Fix
	switch d.Category {
	case lint.CategorySafeFix:
		safety = lint.SafeFix
	case lint.CategoryUnsafeFix:
		safety = lint.UnsafeFix
	}
	for _, sf := range d.SuggestedFixes {
		fx := lint.Fix{Description: sf.Message, Safety: safety}
		for _, e := range sf.TextEdits {
			ps, pe := fset.Position(e.Pos), fset.Position(e.Pos)
			if e.End.IsValid() {
				pe = fset.Position(e.End)
			}
			fx.Edits = append(fx.Edits, lint.Edit{File: ps.Filename, Start: ps.Offset, End: pe.Offset, NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fx)
	}
	return f, true
}

// severityOf looks a finding-level code up in a severity map, any case.
func severityOf(m map[string]lint.Severity, code string) (lint.Severity, bool) {
	if s, ok := m[code]; ok {
		return s, true
	}
	for k, s := range m {
		if strings.EqualFold(k, code) {
			return s, true
		}
	}
	return lint.Off, false
}

// selectsID reports whether a select list names a finding-level code.
func selectsID(list []string, code string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, code) })
}
