package driver

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// Analyze runs rules over one unit, as the options select them.
func Analyze(unit *lint.Unit, rules []*lint.Rule, opts Options) ([]lint.Finding, error) {
	if opts.Rules == nil {
		opts.Rules = rules
	}
	sel, err := lint.NewSelection(rules, opts.choice())
	if err != nil {
		return nil, err
	}
	findings, _, err := analyze(unit, sel, opts)
	return findings, err
}

// analyze runs the selected rules and the Options.Results analyzers over
// one unit, and returns the findings and those analyzers' results.
func analyze(unit *lint.Unit, sel *lint.Selection, opts Options) ([]lint.Finding, map[*analysis.Analyzer]any, error) {
	g := graphs.Get().(*graph)
	defer g.release()
	fset := unit.Fset
	unit.Rules = opts.Rules
	g.roots = g.roots[:0]
	for _, r := range sel.Rules() {
		if !sel.Runs(r, unit.Dockerfile) {
			continue
		}
		a := r.Analyzer()
		g.node(a).rule = r
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
	g.results[lint.ReporterAnalyzer] = g.reporter
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
	shown := make([]bool, 0, len(g.diags))
	checkErrors := lint.CheckErrors(unit.Dockerfile)
	for i := range g.diags {
		d := &g.diags[i]
		ensureLines(fset, g.files, &d.Diagnostic)
		f, ok := finding(fset, sel, d.rule, &d.Diagnostic)
		if checkErrors && d.rule.CheckDirective && f.Severity != lint.Off {
			f.Severity = lint.Error
		}
		ok = ok && sel.Keep(&f) && sel.Shown(d.rule, unit.Dockerfile)
		// A finding not shown may still carry a problem an alias reports
		// too: merged, the alias's finding is then dropped with it.
		if ok || sel.Merges(d.rule) {
			out = append(out, f)
			shown = append(shown, ok)
		}
	}
	out = sel.MergeAliases(unit.Dockerfile, out, shown)
	return sel.ApplyPragmas(unit.Dockerfile, out), values, nil
}

// graphs recycles the per-unit bookkeeping (maps sized for the registry)
// between units: nothing of a graph outlives the Analyze call that used it.
var graphs = sync.Pool{New: func() any { return newGraph() }}

// analyzersHint is room for the registry's analyzers and the helpers they
// require, so that the graph's maps do not grow analyzer by analyzer.
const analyzersHint = 256

func newGraph() *graph {
	g := &graph{
		results: make(map[*analysis.Analyzer]any, analyzersHint),
		nodes:   make(map[*analysis.Analyzer]*node, analyzersHint),
	}
	g.readFile = func(name string) ([]byte, error) {
		for _, f := range g.files {
			if f.Path == name {
				return f.Src, nil
			}
		}
		return nil, fmt.Errorf("%s is not a file of this unit", name)
	}
	g.reporter = lint.NewReporter(g.reportTyped)
	g.report = func(d analysis.Diagnostic) { g.add(g.reporting, lint.Diagnostic{Diagnostic: d}) }
	return g
}

// release forgets the unit, keeping the maps' and slices' room, and
// returns the graph to the pool.
func (g *graph) release() {
	clear(g.results)
	clear(g.roots)
	clear(g.diags)
	clear(g.names)
	g.roots, g.diags, g.names = g.roots[:0], g.diags[:0], g.names[:0]
	g.fset, g.unit, g.files, g.reporting = nil, nil, nil, nil
	for _, n := range g.nodes {
		n.rule, n.pass.Fset, n.pass.OtherFiles = nil, nil, nil
	}
	graphs.Put(g)
}

// reportTyped records a diagnostic of the running analyzer (analyzers run
// one at a time); helpers, analyzers that are no rule, report nothing.
func (g *graph) reportTyped(d lint.Diagnostic) { g.add(g.reporting, d) }

// add records a diagnostic of rule r; helpers (r nil) report nothing.
func (g *graph) add(r *lint.Rule, d lint.Diagnostic) {
	if r != nil {
		g.diags = append(g.diags, reported{r, d})
	}
}

type reported struct {
	rule *lint.Rule
	lint.Diagnostic
}

// graph runs analyzers once each, dependencies first.
type graph struct {
	fset  *token.FileSet
	unit  *lint.Unit
	files []*lint.SourceFile
	names []string
	// results holds the result of every analyzer that has run (nil
	// results included): presence marks it done. It is also every Pass's
	// ResultOf: an analyzer reads the results of its Requires, which have
	// all run before it (analysis.Validate checks the declarations), so
	// one map serves every pass instead of a map per analyzer filled with
	// copies.
	results map[*analysis.Analyzer]any
	roots   []*analysis.Analyzer
	diags   []reported
	// nodes holds each analyzer's Pass and rule. The Passes outlive a unit
	// with the pooled graph, emptied, and serve the next: the run
	// allocates no Pass or Report func per analyzer per unit, and the
	// first unit allocates the nodes a slab at a time.
	nodes     map[*analysis.Analyzer]*node
	slab      []node
	readFile  func(name string) ([]byte, error)
	report    func(analysis.Diagnostic)
	reporter  *lint.Reporter
	reporting *lint.Rule // the rule of the running analyzer, nil for helpers
}

// node is what the graph keeps of one analyzer.
type node struct {
	pass analysis.Pass
	rule *lint.Rule // nil for a helper, an analyzer that is no rule
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
	n := g.node(a)
	pass := &n.pass
	pass.Fset, pass.OtherFiles = g.fset, g.names
	g.reporting = n.rule
	result, err := a.Run(pass)
	g.reporting = nil
	if err != nil {
		return err
	}
	if got, want := reflect.TypeOf(result), a.ResultType; result != nil && got != want {
		return fmt.Errorf("internal error: analyzer %s returned %v, declared %v", a.Name, got, want)
	}
	g.results[a] = result
	return nil
}

// nodeSlab is how many nodes the graph allocates at once.
const nodeSlab = 64

// node returns the analyzer's node, made on first use with the Pass fields
// that are the same for every unit.
func (g *graph) node(a *analysis.Analyzer) *node {
	if n := g.nodes[a]; n != nil {
		return n
	}
	if len(g.slab) == 0 {
		g.slab = make([]node, nodeSlab)
	}
	n := &g.slab[0]
	g.slab = g.slab[1:]
	n.pass = analysis.Pass{
		Analyzer:          a,
		Pkg:               unitPkg,
		TypesInfo:         unitInfo,
		TypesSizes:        unitSizes,
		Module:            unitModule,
		ResultOf:          g.results,
		ReadFile:          g.readFile,
		Report:            g.report,
		ImportObjectFact:  importObjectFact,
		ImportPackageFact: importPackageFact,
		ExportObjectFact:  exportObjectFact,
		ExportPackageFact: exportPackageFact,
		AllObjectFacts:    allObjectFacts,
		AllPackageFacts:   allPackageFacts,
	}
	g.nodes[a] = n
	return n
}
