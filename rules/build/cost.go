package build

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/ballast-dev/ballast/parsers/dockerfile"
	"github.com/ballast-dev/ballast/parsers/pep508"
	"github.com/ballast-dev/ballast/parsers/uvlock"
	"github.com/ballast-dev/ballast/parsers/wheel"
	"github.com/ballast-dev/ballast/rules/lint"
	"golang.org/x/tools/go/analysis"
)

// StepCost is the cost of one install step.
type StepCost struct {
	*Step
	// Items are the installed packages, heaviest download first.
	Items []Item
	Estimate
	// Err says why the step could not be costed (no lock, a --package
	// that is not a member); the figures are then zero.
	Err error
	// present are the packages earlier steps installed into the same
	// environment (name → version), not counted again.
	present map[string]string
	// NotInLock names the packages the command installs that no lock
	// covers: sized from the built-in catalog, or not counted.
	NotInLock []string
	// walkNotes are the notes of the walk, kept when the estimate is
	// redone with fetched sizes.
	walkNotes []string
	// store is the builder's image store, which the step's own installer
	// cannot say (the Dockerfile does not name it).
	store ImageStore
	// unit holds the walks and artifact choices of the unit's steps, which
	// the rules' what-if estimates (WithSelection, OnlyThrough) reuse.
	unit *unitWalks
}

// unitWalks are the walks of the lock, the parsed markers and the chosen
// artifacts of one unit's cost. Like the analysis of a unit, they belong
// to one goroutine; the lock they read may be shared.
type unitWalks struct {
	markers *pep508.Cache
	walks   *uvlock.Walks
	choices *artifactChoices
}

// walks returns the unit's walks, or new ones for a step not costed by
// the cost analyzer.
func (sc *StepCost) walks() *unitWalks {
	if sc.unit == nil {
		sc.unit = newUnitWalks()
	}
	return sc.unit
}

func newUnitWalks() *unitWalks {
	markers := &pep508.Cache{}
	return &unitWalks{markers: markers, walks: uvlock.NewWalks(markers), choices: &artifactChoices{}}
}

// Cost is the cost of a unit: each step, and the image as a whole.
type Cost struct {
	Steps []*StepCost
	// Image sums the steps: download, installed and layer bytes add up;
	// peak disk is the worst step on top of the layers before it; peak
	// memory the worst step.
	Image Estimate
}

// CostAnalyzer costs every install step of a unit.
var CostAnalyzer = &analysis.Analyzer{
	Name: "cost",
	Doc: "estimate the download, installed size, peak disk and peak memory of each install\n\n" +
		"The lock is walked for the step's flags and target, the wheel uv would pick is chosen per package, and the model turns the chosen files into ranges.",
	Requires:   []*analysis.Analyzer{InstallsAnalyzer, lint.DockerfileAnalyzer, lint.LockAnalyzer, lint.ConfigAnalyzer},
	Run:        runCost,
	ResultType: reflect.TypeFor[*Cost](),
}

// CostOf returns the pass's cost result.
func CostOf(pass *analysis.Pass) *Cost {
	r, _ := pass.ResultOf[CostAnalyzer].(*Cost)
	return r
}

// ReportStep reports a finding about step sc: at the install command in
// the Dockerfile, or, for a lock given alone, at the entry of the package
// the finding is mostly about (pkg; the lock's first line when empty or
// not found).
func ReportStep(pass *analysis.Pass, sc *StepCost, pkg, msg string) {
	ReportStepFix(pass, sc, pkg, msg, nil)
}

// ReportStepFix is ReportStep with a fix of the Dockerfile, which a
// finding in the lock (no Dockerfile command to place it on) goes without.
func ReportStepFix(pass *analysis.Pass, sc *StepCost, pkg, msg string, fix *analysis.SuggestedFix) {
	unit := lint.UnitOf(pass)
	if sc.Cmd != nil && unit.Dockerfile != nil {
		lint.Report(pass, unit.Dockerfile, sc.Cmd.Span, msg, fix)
		return
	}
	if unit.Lock == nil {
		return
	}
	start, end := 0, 0
	if lock := lint.LockOf(pass); lock != nil && pkg != "" {
		for _, p := range lock.Lookup(pkg) {
			start, end = p.NamePos.Offset, p.NamePos.EndOffset
			break
		}
	}
	pass.Report(analysis.Diagnostic{Pos: unit.Lock.Pos(start), End: unit.Lock.Pos(end), Message: msg})
}

func runCost(pass *analysis.Pass) (any, error) {
	installs, _ := pass.ResultOf[InstallsAnalyzer].(*Installs)
	lock := lint.LockOf(pass)
	f := lint.DockerfileOf(pass)
	res := &Cost{}
	unit := newUnitWalks()
	store := ImageStore(lint.ConfigOf(pass).ImageStore)
	var prev *StepCost
	for _, step := range installs.Steps {
		var present map[string]string
		if prev != nil && sameEnvironment(prev.Step, step) {
			present = presentAfter(prev)
		} else {
			present = installedBefore(f, step, res.Steps)
		}
		sc := costStep(step, lock, unit, present, store)
		res.Steps = append(res.Steps, sc)
		prev = sc
	}
	res.Image = imageTotal(res.Steps)
	return res, nil
}

// costStep walks the lock (or the catalog, for named packages) for one
// step and estimates it; unit holds the walks and the artifacts of the
// unit's earlier steps.
func costStep(step *Step, lock *uvlock.Lock, unit *unitWalks, present map[string]string, store ImageStore) *StepCost {
	sc := &StepCost{Step: step, present: present, store: store, unit: unit}
	markers, choices := unit.markers, unit.choices
	switch {
	case step.Unsupported != "":
		sc.Err = fmt.Errorf("%s", step.Unsupported)
		return sc
	case step.Sync != nil && lock == nil:
		sc.Err = fmt.Errorf("no uv.lock found for this uv sync")
		return sc
	case step.Sync != nil:
		env := markerEnv(step.Env())
		installs, err := unit.walks.Walk(lock, step.Sync, &env)
		if err != nil {
			sc.Err = err
			return sc
		}
		sc.Items = choices.choose(installs, step.Env())
		sc.Items, sc.Notes = dropPresent(sc.Items, present, sc.Notes)
	default:
		named := step.Named
		if len(step.Reqs) > 0 {
			var fromLock []uvlock.Install
			fromLock, named = pinnedInLock(step, lock, markers)
			sc.Items = choices.choose(fromLock, step.Env())
			if len(fromLock) > 0 {
				sc.Notes = append(sc.Notes, fmt.Sprintf("%d pinned %s found in uv.lock at the same version; their files and sizes come from the lock",
					len(fromLock), lint.Plural(len(fromLock), "requirement", "requirements")))
			}
		}
		if len(named) > 0 {
			sc.NotInLock = named
			items, unknown := CatalogItems(named)
			for i := range items {
				if pin, ok := step.Pin(items[i].Name); ok && pin != items[i].Version {
					// The catalog's figure stands in for the pinned release.
					items[i].SizeSource += fmt.Sprintf("; figure of %s, the command pins %s", items[i].Version, pin)
					items[i].Version = pin
				}
			}
			var variantNotes []string
			if step.Cmd != nil {
				items, variantNotes = applyTorchVariant(items, torchIndexVariant(step.Cmd), named)
			}
			sc.Notes = append(sc.Notes, variantNotes...)
			for _, it := range items {
				// A dependency the catalog adds may be pinned already.
				if !slices.ContainsFunc(sc.Items, func(o Item) bool { return o.Name == it.Name }) {
					sc.Items = append(sc.Items, it)
				}
			}
			if len(unknown) > 0 {
				sc.Notes = append(sc.Notes, fmt.Sprintf("estimate: %s not in the built-in catalog; counted as 0 bytes", lint.JoinShort(unknown, 8)))
			}
			sc.Notes = append(sc.Notes, "estimate: packages not pinned in a lock are sized from the built-in catalog of heavy packages")
		}
	}
	sc.walkNotes = sc.Notes
	sc.estimate()
	return sc
}

// estimate runs the model over the step's items.
func (sc *StepCost) estimate() {
	sc.Estimate = EstimateInstall(sc.Items, sc.installer())
	sc.Notes = slices.Concat(sc.walkNotes, sc.Notes)
	sc.Items = heaviestFirst(sc.Items)
}

// heaviestFirst orders items by download, heaviest first, equal ones in
// their order. It sorts small keys and moves each item once: an Item is
// large, and a lock's install set has hundreds.
func heaviestFirst(items []Item) []Item {
	type key struct {
		download int64
		at       int
	}
	keys := make([]key, len(items))
	for i := range items {
		keys[i] = key{items[i].Download.Value, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(b.download, a.download); c != 0 {
			return c
		}
		return cmp.Compare(a.at, b.at)
	})
	sorted := make([]Item, len(items))
	for i, k := range keys {
		sorted[i] = items[k.at]
	}
	return sorted
}

// installer is how the step's installer runs, on the builder's image store.
func (sc *StepCost) installer() Installer {
	inst := sc.Installer
	inst.ImageStore = sc.store
	return inst
}

// Unsized lists the chosen artifacts whose size the lock does not record.
func (r *Cost) Unsized() []Item {
	var out []Item
	for _, s := range r.Steps {
		for _, it := range s.Items {
			if !it.SizeKnown && it.File != "" && (it.Kind == KindWheel || it.Kind == KindSdist) {
				out = append(out, it)
			}
		}
	}
	return out
}

// ApplySizes puts sizes fetched from the package index (by file name) in
// place of the fallbacks, and estimates again.
func (r *Cost) ApplySizes(sizes map[string]int64) {
	if len(sizes) == 0 {
		return
	}
	for _, s := range r.Steps {
		changed := false
		for i := range s.Items {
			it := &s.Items[i]
			if n, ok := sizes[it.File]; ok && !it.SizeKnown {
				it.Download, it.SizeKnown, it.SizeSource = lint.Exact(n), true, "fetched from the package index"
				changed = true
			}
		}
		if changed {
			s.estimate()
		}
	}
	r.Image = imageTotal(r.Steps)
}

// pinnedInLock splits a step's requirements: those whose marker holds for
// the target and that the lock has at the pinned version (a requirements
// file exported from the lock), and the names of the rest, for the
// catalog. The step's own named packages join the rest.
func pinnedInLock(step *Step, lock *uvlock.Lock, markers *pep508.Cache) ([]uvlock.Install, []string) {
	env := markerEnv(step.Env())
	var installs []uvlock.Install
	rest := append([]string(nil), step.Named...)
	for _, r := range step.Reqs {
		if r.Marker != "" {
			if ok, err := markers.Eval(r.Marker, &env, nil); err == nil && !ok {
				continue
			}
		}
		name := uvlock.NormalizeName(r.Name)
		if version, ok := strings.CutPrefix(r.Specifier, "=="); ok && lock != nil && !strings.ContainsAny(version, ",*") {
			var found *uvlock.Package
			for _, p := range lock.Lookup(name) {
				if p.Version == strings.TrimSpace(version) {
					found = p
				}
			}
			if found != nil {
				installs = append(installs, uvlock.Install{Package: found})
				continue
			}
		}
		rest = append(rest, name)
	}
	return installs, rest
}

// installedBefore returns the packages (name → version) that earlier
// install steps put into the same environment: steps in this stage, or in
// the stages it is built on, before this one. uv sync is exact, so a
// second sync downloads only what changed (the classic dependencies layer,
// then the project).
func installedBefore(f *dockerfile.File, step *Step, earlier []*StepCost) map[string]string {
	if f == nil || step.In == nil || step.In.Stage == nil || len(earlier) == 0 {
		return nil
	}
	chain := f.StageChain(step.In.Stage)
	var present map[string]string
	for _, e := range earlier {
		// Steps come in source order: an earlier step of this stage, or
		// any step of a stage this one is built on, ran before.
		if e.In == nil || e.In.Stage == nil || !slices.Contains(chain, e.In.Stage) || (e.Sync != nil && step.Sync != nil && e.Env().Python.V != step.Env().Python.V) {
			continue
		}
		if present == nil {
			present = map[string]string{}
		}
		for _, it := range e.Items {
			present[it.Name] = it.Version
		}
		maps.Copy(present, e.present)
	}
	return present
}

// sameEnvironment reports whether installedBefore would read the same
// earlier steps for step as for prev, the step before it, and prev too: both
// in one stage, and both uv syncs for one Python or neither a uv sync. The
// packages present for step then follow from prev's alone (presentAfter),
// and a file of many installs is not searched again for each.
func sameEnvironment(prev, step *Step) bool {
	if prev.In == nil || step.In == nil || prev.In.Stage == nil || prev.In.Stage != step.In.Stage {
		return false
	}
	if (prev.Sync != nil) != (step.Sync != nil) {
		return false
	}
	return prev.Sync == nil || prev.Env().Python.V == step.Env().Python.V
}

// presentAfter is what installedBefore returns for the step after prev
// when sameEnvironment holds: prev's items over what was present for prev,
// then what was present for prev over those, as installedBefore folds them.
// The map is shared with prev's when prev adds no package (nothing writes
// to it), and nil stands for empty.
func presentAfter(prev *StepCost) map[string]string {
	added := false
	for _, it := range prev.Items {
		if _, ok := prev.present[it.Name]; !ok {
			added = true
			break
		}
	}
	if !added {
		return prev.present
	}
	present := make(map[string]string, len(prev.present)+len(prev.Items))
	for _, it := range prev.Items {
		present[it.Name] = it.Version
	}
	maps.Copy(present, prev.present)
	return present
}

// dropPresent removes the items an earlier step already installed at the
// same version, and says how many.
func dropPresent(items []Item, present map[string]string, notes []string) ([]Item, []string) {
	if len(present) == 0 {
		return items, notes
	}
	kept := items[:0]
	n := 0
	for _, it := range items {
		if v, ok := present[it.Name]; ok && v == it.Version && it.Kind != KindLocal {
			n++
			continue
		}
		kept = append(kept, it)
	}
	if n > 0 {
		notes = append(notes, fmt.Sprintf("%d %s already installed by an earlier step of this stage; not counted again", n, lint.Plural(n, "package", "packages")))
	}
	return kept, notes
}

// artifactChoices are the artifacts chosen for the packages of one unit,
// per target: the install steps of a Dockerfile (a sync of the
// dependencies, then of the project) mostly install the same packages for
// the same target, and each choice reads every wheel name of the package.
type artifactChoices struct {
	targets map[choiceTarget]*targetChoices
	names   []string // scratch for chooseArtifact
}

// choiceTarget is what the choice of a package's artifact depends on
// besides the package entry itself (which fixes its index and files).
type choiceTarget struct {
	in   wheel.Interpreter
	plat wheel.Platform
}

type targetChoices struct {
	picker *wheel.Picker
	items  map[*uvlock.Package]Item
	wheels map[string]wheelInfo // what Classify reads of a chosen wheel, by its platform field
}

// choose picks, per installed package, the artifact uv would install on
// the target of env: the best compatible wheel, else the sdist (a build);
// local trees are builds of local code. Each package is chosen for once
// per unit and target.
func (c *artifactChoices) choose(installs []uvlock.Install, env Env) []Item {
	key := choiceTarget{interpreter(env), platform(env)}
	tc := c.targets[key]
	if tc == nil {
		if c.targets == nil {
			c.targets = map[choiceTarget]*targetChoices{}
		}
		tc = &targetChoices{picker: wheel.NewTags(key.in, key.plat).Picker(), items: make(map[*uvlock.Package]Item, len(installs)), wheels: map[string]wheelInfo{}}
		c.targets[key] = tc
	}
	items := make([]Item, 0, len(installs))
	for _, in := range installs {
		it, ok := tc.items[in.Package]
		if !ok {
			it, c.names = chooseArtifact(in.Package, tc.picker, tc.wheels, c.names)
			tc.items[in.Package] = it
		}
		items = append(items, it)
	}
	return items
}

// chooseArtifact picks the artifact of p for choose with tags (a Picker,
// or in tests the wheel.Tags it stands for); chosen, when not nil, keeps what
// Classify reads of the wheels chosen so far. names is scratch space,
// returned for the next call.
func chooseArtifact(p *uvlock.Package, tags interface{ Best([]string) (int, bool) }, chosen map[string]wheelInfo, names []string) (Item, []string) {
	it := Item{Name: uvlock.NormalizeName(p.Name), Version: p.Version}
	switch p.Source.Kind {
	case uvlock.Git, uvlock.Directory, uvlock.Editable:
		it.Kind = KindLocal
		it.SizeKnown = true
		return it, names
	default:
	}
	names = names[:0]
	wheels := p.Wheels()
	for i := range wheels {
		names = append(names, wheels[i].Name())
	}
	var art *uvlock.Artifact
	if i, ok := tags.Best(names); ok {
		art, it.Kind = &wheels[i], KindWheel
	} else if sdist := p.Sdist(); sdist != nil {
		art, it.Kind = sdist, KindSdist
		it.Builds = sdistBuilds(it.Name, names)
	} else {
		it.Kind = KindMissing
		it.SizeKnown = true
		return it, names
	}
	it.File, it.URL, it.Hash = art.Name(), art.URL, art.Hash
	if p.Source.Kind == uvlock.Registry {
		it.Index = p.Source.Value
	}
	if art.HasSize {
		it.Download, it.SizeKnown = lint.Exact(art.Size), true
	}
	it.Family = classify(it.Name, it.Version, chosenWheel(it.File, chosen), art.Size)
	if !it.SizeKnown {
		if r, src, ok := FallbackDownload(it.Name, it.Version, it.File); ok {
			it.Download, it.SizeSource = r, src
		} else {
			it.Download, it.SizeSource = GenericFallback(it.Kind, it.Family), "no size in the lock; generic band"
		}
	}
	return it, names
}

// chosenWheel is readWheel(file) for a file Best chose (a valid wheel
// name, so that what readWheel reads depends on its platform field alone),
// looked up in wheels when it is not nil.
func chosenWheel(file string, wheels map[string]wheelInfo) wheelInfo {
	stem, ok := strings.CutSuffix(file, ".whl")
	if wheels == nil || !ok || strings.IndexByte(file, '%') >= 0 {
		return readWheel(file)
	}
	field := stem[strings.LastIndexByte(stem, '-')+1:]
	w, ok := wheels[field]
	if !ok {
		w = readWheel(file)
		wheels[field] = w
	}
	return w
}

// imageTotal sums the steps into the image's figures.
func imageTotal(steps []*StepCost) Estimate {
	var img Estimate
	var layers lint.Range
	for _, s := range steps {
		img.Download = img.Download.Add(s.Download)
		img.Installed = img.Installed.Add(s.Installed)
		img.Layer = img.Layer.Add(s.Layer)
		img.PeakDisk = maxRange(img.PeakDisk, layers.Add(s.PeakDisk))
		img.PeakMemory = maxRange(img.PeakMemory, s.PeakMemory)
		layers = layers.Add(s.Layer)
	}
	return img
}

func maxRange(a, b lint.Range) lint.Range {
	return lint.Range{Value: max(a.Value, b.Value), Low: max(a.Low, b.Low), High: max(a.High, b.High)}
}

// markerEnv is the PEP 508 environment of the target.
func markerEnv(e Env) pep508.Env {
	return pep508.NewEnv(e.Implementation.V, e.Python.V, e.OS.V, e.Arch.V)
}

// interpreter is the wheel-tag view of the target's Python.
func interpreter(e Env) wheel.Interpreter {
	major, minor, _ := MinorOf(e.Python.V)
	return wheel.Interpreter{Implementation: e.Implementation.V, Major: major, Minor: minor, FreeThreaded: strings.HasSuffix(e.Python.V, "t")}
}

// platform is the wheel-tag view of the target's OS, architecture and libc.
func platform(e Env) wheel.Platform {
	// NewTags reads Docker's architecture names (amd64, arm64, arm) too.
	p := wheel.Platform{OS: e.OS.V, Arch: e.Arch.V, Libc: e.Libc.V}
	if _, err := fmt.Sscanf(e.LibcVersion.V, "%d.%d", &p.LibcMajor, &p.LibcMinor); err != nil {
		p.LibcMajor, p.LibcMinor = 0, 0 // unknown: no manylinux or musllinux tag fits
	}
	if p.OS == "darwin" {
		p.MacOSMajor, p.MacOSMinor = 13, 0
	}
	return p
}

// CommandText is the install command as written, or a description of the
// implied sync for a lock alone.
func (s *StepCost) CommandText(src []byte) string {
	if s.Cmd == nil {
		return "uv sync (implied by the lock)"
	}
	// A command continued over lines reads as one line, as the shell runs it.
	text := lineContinuation.Replace(string(src[s.Cmd.Span.Start:s.Cmd.Span.End]))
	return strings.Join(strings.Fields(text), " ")
}

// lineContinuation joins the lines of a command continued with the
// Dockerfile's default escape character.
var lineContinuation = strings.NewReplacer("\\\r\n", " ", "\\\n", " ")

// EnvNotes says which parts of the target were not known and took the
// documented default.
func EnvNotes(e Env) []string {
	if len(e.Defaulted) == 0 {
		return nil
	}
	var parts []string
	for _, name := range e.Defaulted {
		switch name {
		case "Python":
			parts = append(parts, "Python "+e.Python.V+" (the lowest minor requires-python allows)")
		case "OS", "Arch":
			if !strings.Contains(strings.Join(parts, " "), "platform") {
				parts = append(parts, "platform "+e.OS.V+"/"+e.Arch.V)
			}
		case "LibcVersion":
			parts = append(parts, e.Libc.V+" "+e.LibcVersion.V)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{"target: nothing says; assumed " + strings.Join(parts, ", ") + " (--python and --platform, or the configuration, set them)"}
}

// sdistBuilds says what building name's sdist compiles, from the wheels
// the lock lists for it (wheels, for other platforms or Pythons than the
// target's): a package that publishes a platform wheel has compiled code;
// one whose wheels are all none-any is pure Python (antlr4-python3-runtime
// 4.13 ships py3-none-any); one that publishes no wheel at all may be
// either, and is not claimed to be a C build.
func sdistBuilds(name string, wheels []string) SourceBuild {
	if cudaExtensionNames[uvlock.NormalizeName(name)] {
		return BuildsCUDA
	}
	if len(wheels) == 0 {
		return BuildsUnknown
	}
	for _, w := range wheels {
		if info := readWheel(w); info.isWheel && !info.any {
			return BuildsNative
		}
	}
	return BuildsPython
}
